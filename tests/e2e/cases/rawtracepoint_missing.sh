desc "rawtracepoint: a name the kernel does not have is an error naming the nearest"
oneshot
prog 'rawtracepoint:sched_swich { @ = count(); }'
status 1
expect_stderr "stdin:1:1: error: rawtracepoint:sched_swich: no raw tracepoint named 'sched_swich'; did you mean 'sched_switch'?"
