desc "print(value) of integers and strings"
prog 'BEGIN { print(123); print("abc"); print(-5); $x = 7; print($x * 6); exit(); }'
expect <<'EOF'
123
abc
-5
42
EOF
