desc "a record too large to copy onto the BPF stack is refused before loading, saying what to do"
oneshot
status 1
prog 'BEGIN { $t = *curtask; exit(); }'
expect_stderr "struct task_struct is"
expect_stderr "too large to copy onto the BPF stack (at most 256): keep a pointer to it, or the members you need"
