desc "zero() keeps the keys and zeroes the values"
prog 'BEGIN { @c[1] = count(); @c[2] = count(); @c[2] = count(); @s = sum(5); zero(@c); zero(@s); exit(); }'
expect_sorted <<'EOF'
@c[1]: 0
@c[2]: 0
@s: 0
EOF
