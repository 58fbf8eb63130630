desc "sonde cachestat -T 1 2: two lines of page cache counts, dirtied pages among them; the missing columns are said"
tool cachestat
opts -T
args 1 2
workload tools_wl create 3 0 open /etc/passwd 3 sleep 1500
expect_stderr "the BUFFERS_MB and CACHED_MB columns are missing"
expect_regex <<'EOF2'
TIME         HITS   MISSES  DIRTIES HITRATIO
[0-9:]{8} +[0-9]+ +[0-9]+ +[0-9]+ +[0-9]+\.[0-9]{2}%
[0-9:]{8} +[0-9]+ +[0-9]+ +[0-9]+ +[0-9]+\.[0-9]{2}%
EOF2
check_case() {
	awk 'NR > 1 { d += $4 } END { exit !(d >= 3) }' "$STDOUT" || { echo "fewer than 3 dirtied pages"; return 1; }
}
