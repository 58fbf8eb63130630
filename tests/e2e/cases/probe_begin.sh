desc "BEGIN runs once at start; exit() ends the run"
prog 'BEGIN { printf("hello\n"); exit(); }'
expect 'hello'
