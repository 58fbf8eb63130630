desc "kprobe spellings: kretprobes take no offset, an offset is a number"
oneshot
prog 'kretprobe:vfs_read+4 { @ = count(); }
kprobe:vfs_read+x { @ = count(); }'
status 1
expect_stderr 'stdin:1:1: error: kretprobe:vfs_read+4: only kprobes take an offset'
expect_stderr "stdin:2:1: error: 'x' is not a valid offset"
