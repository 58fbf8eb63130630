desc "print(@map, N) keeps the N largest"
prog 'BEGIN { @a[1] = 5; @a[2] = 30; @a[3] = 20; @a[4] = 1; print(@a, 2); clear(@a); exit(); }'
expect <<'EOF'
@a[3]: 20
@a[2]: 30
EOF
