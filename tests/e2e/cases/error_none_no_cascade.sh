desc "an expression already reported (a wildcard match lacking args.fd) gives no second error about the map it was stored in (regression: '@x holds none elsewhere')"
oneshot
status 1
prog 'tracepoint:syscalls:sys_enter_* { @x = sum(args.fd); }'
expect <<'EOF2'
EOF2
expect_stderr "has no field 'fd'"
expect_stderr_absent "elsewhere"
expect_stderr_absent "Attached"
