desc "END runs after exit()"
prog 'BEGIN { printf("start\n"); exit(); } END { printf("end\n"); }'
expect <<'EOF'
start
end
EOF
