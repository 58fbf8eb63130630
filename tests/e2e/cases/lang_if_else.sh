desc "if / else if / else"
prog <<'EOF'
tracepoint:syscalls:sys_enter_write /comm == "sonde_wl"/ {
	if (args.count < 3) {
		@lo = count();
	} else if (args.count < 5) {
		@mid = count();
	} else {
		@hi = count();
	}
}
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }
EOF
workload syscalls write 7
expect <<'EOF'
@hi: 3
@lo: 2
@mid: 2
EOF
