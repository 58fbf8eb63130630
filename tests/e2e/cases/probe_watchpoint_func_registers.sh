desc "watchpoint:FUNC+arg0 on more addresses than x86 has debug registers, missing_probes = warn (bpftrace's many_function_probes): 4 are watched, the 5th is skipped with a warning, the 3 others are counted at the end"
opts -c '{{PROGS}}/watchfn many 8'
prog <<'EOF2'
config = { missing_probes = "warn" }
watchpoint:bump+arg0:4:w { @hits = count(); }
EOF2
expect <<'EOF2'
@hits: 4
EOF2
expect_stderr 'warning: Unable to attach probe: watchpoint:{{PROGS}}/watchfn:bump:4:w. Skipping.'
expect_stderr ': no more hardware debug registers left (x86 has 4)'
expect_stderr 'warning: watchpoint:{{PROGS}}/watchfn:bump:4:w: 3 more addresses were not watched either'
