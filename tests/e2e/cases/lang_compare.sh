desc "comparisons, signed where the operands are"
prog 'BEGIN { printf("%d %d %d %d %d %d %d\n", 1 < 2, 2 <= 2, 3 > 4, 4 >= 5, 5 == 5, 5 != 5, -1 < 1); exit(); }'
expect '1 1 0 0 1 0 1'
