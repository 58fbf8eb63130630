desc "-B none: output written unbuffered to -o's file, the same as with the default buffering"
opts -B none -o '{{OUT}}'
prog <<'EOF2'
tracepoint:syscalls:sys_enter_getppid /comm == "sonde_wl"/ { printf("event %d\n", @n++); }
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }
EOF2
workload syscalls getppid 2
compare_file '{{OUT}}'
expect <<'EOF2'
event 0
event 1
@n: 2
EOF2
