desc "config keys as bpftrace spells them: stack_mode for kstack, BPFTRACE_-prefixed names, keys that change nothing in sonde accepted with a warning"
prog <<'EOF2'
config = { stack_mode = raw; BPFTRACE_MAX_STRLEN = 4; on_stack_limit = 0 }
tracepoint:syscalls:sys_enter_getppid /comm == "sonde_wl"/ { printf("%s|\n", kstack); @t = str("abcdefgh"); }
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }
EOF2
workload syscalls getppid 1
expect_stderr "warning: config on_stack_limit has no effect in sonde"
check_case() {
	# raw frames are bare addresses; the string is cut to max_strlen, with the trailer
	local frames
	frames=$(grep -cE '^ *[0-9a-f]{8,16}$' "$STDOUT")
	[ "$frames" -ge 1 ] || { echo "no raw stack frames"; return 1; }
	if grep -qE '\+[0-9]+$' "$STDOUT"; then echo "symbolized frames in raw mode"; return 1; fi
	grep -qx "@t: abcd.." "$STDOUT" || { echo "no @t: abcd.. (max_strlen characters, then the trailer)"; return 1; }
}
