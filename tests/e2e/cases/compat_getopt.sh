desc "named program parameters read by getopt(): --name=value and bare --name flags among positional ones, before and after --, defaults when absent, true/false as 1/0 (bpftrace's runtime tests other/named command line params)"
prog <<'EOF2'
BEGIN {
	print((getopt("aa", 10), getopt("cc", 1), getopt("dd"), getopt("ee", "hello"), getopt("ff", -5)));
	print(($1, $2, getopt("bb", "hello"), getopt("gg"), $#));
}
EOF2
args --dd --aa=20 pos1 --bb=bye -- pos2 --cc=False --gg
expect <<'EOF2'
(20, 0, 1, hello, -5)
(pos1, pos2, bye, 1, 2)
EOF2
