desc "tracepoint:syscalls args in a range loop's body read the probe's arguments (regression: on the raw syscalls path they read the loop's own block)"
prog <<'EOF2'
tracepoint:syscalls:sys_enter_openat /comm == "sonde_wl"/ {
	for ($i : 0..2) { @[$i, str(args.filename)] = count(); @flags = args.flags; }
}
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }
EOF2
workload syscalls openat 2 tag
expect <<'EOF2'
@[0, /nonexistent/sonde-tag]: 2
@[1, /nonexistent/sonde-tag]: 2
@flags: 0
EOF2
