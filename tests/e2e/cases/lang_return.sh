desc "return leaves the probe early"
prog <<'EOF'
tracepoint:syscalls:sys_enter_write /comm == "sonde_wl"/ {
	if (args.count > 2) {
		return;
	}
	@n = count();
}
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }
EOF
workload syscalls write 5
expect '@n: 2'
