desc "-c CMD is split into words as a shell would (quotes, backslashes, trailing blanks) and run with no shell in between: its first execve is the command's own (bpftrace's runtime tests child)"
opts -c "echo 'hello world' \"a  b\" c\\ d "
prog 'tracepoint:syscalls:sys_enter_execve /pid == cpid/ { join(args.argv, "|"); exit(); }'
expect_sorted <<'EOF2'
echo|hello world|a  b|c d
hello world a  b c d
EOF2
