desc "for over a map: the body cannot return; maps holding histograms cannot be looped over"
oneshot
status 1
prog <<'EOF2'
tracepoint:syscalls:sys_enter_getppid { @m[1] = 1; @h = hist(1); for ($kv : @m) { @x = args.__syscall_nr; return; } for ($kv : @h) { } }
EOF2
expect_stderr_absent "args reads"
expect_stderr "error: return cannot leave a for loop over a map: use break"
expect_stderr "error: for loops cannot go over @h: it holds hist(), which only prints"
