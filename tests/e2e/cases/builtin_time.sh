desc "time() with a format and with the default one"
prog 'BEGIN { time("%Y\n"); time(); exit(); }'
expect_regex <<'EOF'
20[0-9][0-9]
[0-2][0-9]:[0-5][0-9]:[0-6][0-9]
EOF
