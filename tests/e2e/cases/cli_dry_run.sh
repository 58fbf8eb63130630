desc "--dry-run compiles, loads and attaches, then stops: begin does not run, no maps print (bpftrace's runtime test other/dry run empty output)"
oneshot
opts --dry-run
prog 'BEGIN { printf("hello\n"); @ = 0; } tracepoint:sched:sched_switch { @n = count(); }'
expect_absent hello
expect_absent '@'
expect_stderr 'Attached 2 probes'
