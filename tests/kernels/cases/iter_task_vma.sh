desc "iter:task_vma runs once per memory mapping"
oneshot
prog 'iter:task_vma { @ = count(); }'
expect_regex '@: [1-9][0-9]*'
