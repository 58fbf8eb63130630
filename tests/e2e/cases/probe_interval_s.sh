desc "interval:s:1 fires after a second"
prog 'interval:s:1 { printf("tick\n"); exit(); }'
expect 'tick'
