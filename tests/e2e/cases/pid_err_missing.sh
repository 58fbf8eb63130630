desc "-p with a process that does not exist: an error, nothing attached"
oneshot
status 1
opts -p 4194999
prog 'uprobe:{{PROGS}}/uprobes:sonde_add { @ = count(); }'
expect_stderr 'no process with pid 4194999'
expect_stderr_absent 'Attached'
