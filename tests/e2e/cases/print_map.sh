desc "print(@map) prints it now"
prog 'BEGIN { @a[2] = 20; @a[1] = 10; print(@a); clear(@a); exit(); }'
expect <<'EOF'
@a[1]: 10
@a[2]: 20
EOF
