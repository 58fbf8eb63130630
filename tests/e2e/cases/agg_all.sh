desc "count sum avg min max stats over writes of 1..10 bytes"
prog <<'EOF'
tracepoint:syscalls:sys_enter_write /comm == "sonde_wl"/ {
	@c = count();
	@s = sum(args.count);
	@a = avg(args.count);
	@mn = min(args.count);
	@mx = max(args.count);
	@st = stats(args.count);
}
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }
EOF
workload syscalls write 10
expect <<'EOF'
@a: 5
@c: 10
@mn: 1
@mx: 10
@s: 55
@st: { .count = 10, .average = 5, .total = 55 }
EOF
