desc "warnf() prints a warning with the call's location and goes on"
prog 'BEGIN { warnf("Something kinda bad with args: %d, %s", 10, "arg2"); printf("after\n"); exit(); }'
expect 'after'
expect_stderr 'stdin:1:9: warning: Something kinda bad with args: 10, arg2'
