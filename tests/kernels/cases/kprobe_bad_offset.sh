desc "a kprobe inside an instruction is refused at attach time"
oneshot
prog 'kprobe:ksys_read+1 { @ = count(); }'
status 1
expect ''
expect_stderr 'cannot attach kprobe:ksys_read+1'
