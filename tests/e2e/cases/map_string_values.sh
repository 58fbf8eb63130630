desc "maps holding strings print unquoted, by key"
prog 'BEGIN { @s[2] = "two"; @s[1] = "one"; @t = "text"; exit(); }'
expect <<'EOF'
@s[1]: one
@s[2]: two
@t: text
EOF
