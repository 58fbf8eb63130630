desc "comm in BEGIN is sonde's own"
prog 'BEGIN { printf("%s\n", comm); exit(); }'
expect 'sonde'
