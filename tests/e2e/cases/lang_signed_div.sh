desc "signed division and modulo truncate toward zero, as in C"
prog 'BEGIN { $a = -7; $b = 2; printf("%d %d %d %d\n", $a / $b, $a % $b, 7 / -2, $a >> 1); exit(); }'
expect '-3 -1 -3 -4'
