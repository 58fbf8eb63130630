desc "?: with strings and integers"
prog 'BEGIN { $x = 5; printf("%s %d %s\n", $x > 3 ? "big" : "small", $x < 3 ? 1 : 2, $x == 4 ? "four" : "other"); exit(); }'
expect 'big 2 other'
