desc "-o FILE: output goes to the file, nothing to stdout"
opts -o '{{OUT}}'
prog <<'EOF'
tracepoint:syscalls:sys_enter_getppid /comm == "sonde_wl"/ { @c = count(); printf("event\n"); }
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }
EOF
workload syscalls getppid 2
compare_file '{{OUT}}'
expect <<'EOF'
event
event
@c: 2
EOF
check_case() {
	[ ! -s "$STDOUT" ] || { echo "stdout is not empty:"; cat "$STDOUT"; return 1; }
}
