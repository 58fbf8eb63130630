desc "watchpoint:FUNC+arg0 out of debug registers with the default missing_probes = error: the run ends with an error at the 5th address (exit status 1), the process is resumed and finishes"
opts -c '{{PROGS}}/watchfn many 8'
prog <<'EOF2'
watchpoint:bump+arg0:4:w { @hits = count(); }
EOF2
status 1
expect <<'EOF2'
@hits: 4
EOF2
expect_stderr 'error: cannot attach watchpoint:{{PROGS}}/watchfn:bump:4:w to address 0x'
expect_stderr 'no more hardware debug registers left'
expect_stderr 'note: config = { missing_probes = "warn" } skips the addresses it cannot watch'
