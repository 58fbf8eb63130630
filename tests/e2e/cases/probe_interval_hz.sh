desc "interval:hz"
prog 'interval:hz:5 { printf("hz\n"); exit(); }'
expect 'hz'
