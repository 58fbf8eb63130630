desc "lowercase begin is BEGIN"
prog 'begin { printf("lower\n"); exit(); }'
expect 'lower'
