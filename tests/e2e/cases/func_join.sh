desc "join() of an exec's argv, with the default and a given separator"
prog <<'EOF2'
tracepoint:syscalls:sys_enter_execve /str(args.filename) == "/bin/echo"/ { join(args.argv); join(args.argv, ","); exit(); }
EOF2
workload spawn /bin/echo sonde-join-a b
expect <<'X'
/bin/echo sonde-join-a b
/bin/echo,sonde-join-a,b
X
