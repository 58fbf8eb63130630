desc "logical not"
prog 'BEGIN { $z = 0; printf("%d %d %d %d\n", !0, !5, !!7, !$z); exit(); }'
expect '1 0 1 1'
