desc "watchpoint:increment_*+arg0 (bpftrace's wildcarded_function, unique_probe_bodies): each match is its own attach point named watchpoint:BINARY:FUNC:4:w; the first 4 take the debug registers, the others are skipped with a warning each"
opts -c '{{PROGS}}/watchfn wildcard 21'
prog <<'EOF2'
config = { missing_probes = "warn" }
watchpoint:increment_*+arg0:4:w { printf("%s!\n", probe); }
EOF2
expect <<'EOF2'
watchpoint:{{PROGS}}/watchfn:increment_0:4:w!
watchpoint:{{PROGS}}/watchfn:increment_1:4:w!
watchpoint:{{PROGS}}/watchfn:increment_2:4:w!
watchpoint:{{PROGS}}/watchfn:increment_3:4:w!
EOF2
expect_stderr 'Attached 21 probes'
expect_stderr 'warning: Unable to attach probe: watchpoint:{{PROGS}}/watchfn:increment_4:4:w. Skipping.'
expect_stderr 'warning: Unable to attach probe: watchpoint:{{PROGS}}/watchfn:increment_20:4:w. Skipping.'
