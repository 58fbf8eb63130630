desc "interval:100ms, the short form"
prog 'interval:100ms { printf("short\n"); exit(); }'
expect 'short'
