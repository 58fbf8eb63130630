desc "config stack_mode reaches a stack call that gives only a frame limit (ustack(1)), as bpftrace's config runtime tests; a mode in the call still wins"
workload uprobes 1
prog <<'EOF2'
config = { stack_mode = raw }
uprobe:{{PROGS}}/uprobes:sonde_add { printf("%s|\n", ustack(1)); printf("%s|\n", ustack(bpftrace, 1)); printf("%s|\n", ustack(perf, 1)); }
uprobe:{{PROGS}}/uprobes:sonde_done { exit(); }
EOF2
expect_regex <<'EOF2'
[0-9a-f]{6,16}
\|
 +sonde_add\+[0-9]+
\|
	[0-9a-f]{6,16} sonde_add\+[0-9]+ \(.*/uprobes\)
\|
EOF2
