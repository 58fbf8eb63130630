desc "config stack_mode reaches a stack call that gives only a frame limit (ustack(1)), as bpftrace's config runtime tests; a mode in the call still wins"
workload hot 1000
prog <<'EOF2'
config = { stack_mode = raw }
uprobe:{{PROGS}}/hot:run_work { printf("%s|\n", ustack(1)); printf("%s|\n", ustack(bpftrace, 1)); printf("%s|\n", ustack(perf, 1)); exit(); }
EOF2
expect_regex <<'EOF2'
[0-9a-f]{6,16}
\|
 {8}run_work\+[0-9]+
\|
	[0-9a-f]{6,16} run_work\+[0-9]+ \(.*/hot\)
\|
EOF2
