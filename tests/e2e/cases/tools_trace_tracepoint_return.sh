desc "sonde trace -r t:CAT:NAME: tracepoints have no return: an error at the check in tools/trace.bt, exit 2"
tool trace
opts -r
args t:sched:sched_switch
oneshot
status 2
expect_stderr 'tools/trace.bt:'
expect_stderr 'error: -r: tracepoints have no return value'
