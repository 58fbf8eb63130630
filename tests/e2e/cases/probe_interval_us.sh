desc "interval:us"
prog 'interval:us:100000 { printf("us\n"); exit(); }'
expect 'us'
