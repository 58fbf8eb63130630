desc "-q: no Attached message"
oneshot
opts -q
prog 'BEGIN { printf("quiet\n"); exit(); }'
expect 'quiet'
expect_stderr_absent 'Attached'
