desc "clear() empties a map"
prog 'BEGIN { @m[1] = 1; @m[2] = 2; clear(@m); @n = 1; exit(); }'
expect '@n: 1'
