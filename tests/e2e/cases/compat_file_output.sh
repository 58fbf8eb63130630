desc "-o FILE as bpftrace's runtime tests file-output: printf, cat(), system()'s own stdout and map printing all go to the file, nothing to stdout"
opts --unsafe -o '{{OUT}}'
# begin, not bpftrace's interval:ms:10: an interval may fire again while system() runs, and count twice
prog 'begin { printf("%s %d\n", "SUCCESS", 1); cat("/proc/loadavg"); system("cat /proc/loadavg"); @ = lhist(50, 0, 100, 10); exit(); }'
compare_file '{{OUT}}'
expect_regex <<'EOF2'
SUCCESS 1
([0-9]+\.[0-9]+ )+.*
([0-9]+\.[0-9]+ )+.*
@:
\[50, 60\) +1 \|@+\|
EOF2
check_case() {
	[ ! -s "$STDOUT" ] || { echo "stdout is not empty:"; cat "$STDOUT"; return 1; }
}
