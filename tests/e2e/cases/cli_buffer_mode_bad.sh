desc "-B with an unknown mode: an error naming the modes, exit status 2"
opts -B sometimes
prog 'BEGIN { exit(); }'
oneshot
status 2
expect ''
expect_stderr "unknown buffer mode 'sometimes' for -B (none, line, full)"
