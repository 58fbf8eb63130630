desc "fentry on a function without BTF: an error naming the nearest function"
oneshot
prog 'fentry:vfs_raed { @ = count(); }'
status 1
expect_stderr "stdin:1:1: error: fentry:vfs_raed: no function with BTF named 'vfs_raed'; did you mean 'vfs_read'?"
