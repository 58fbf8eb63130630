desc "printf with many arguments"
prog 'BEGIN { printf("%d %d %d %d %d %d %d %d %s\n", 1, 2, 3, 4, 5, 6, 7, 8, "nine"); exit(); }'
expect '1 2 3 4 5 6 7 8 nine'
