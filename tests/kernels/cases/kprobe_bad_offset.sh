desc "a kprobe inside an instruction is refused when it is attached"
oneshot
prog 'kprobe:ksys_read+1 { @ = count(); }'
status 1
expect ''
expect_stderr 'cannot attach kprobe:ksys_read+1'
expect_stderr_absent 'Attached'
