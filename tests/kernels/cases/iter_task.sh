desc "iter:task runs once per task, then sonde exits by itself"
oneshot
prog 'iter:task { @ = count(); }'
expect_regex '@: [1-9][0-9]*'
