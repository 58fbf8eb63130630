desc "iter:task_file runs once per open file"
oneshot
prog 'it:task_file { @ = count(); }'
expect_regex '@: [1-9][0-9]*'
