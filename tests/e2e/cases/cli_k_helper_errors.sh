desc "-k: a probe read that fails and a map update refused (map full) are reported at their expression with the helper and the error, as bpftrace's -k"
opts -k
prog <<'EOF2'
config = { max_map_keys = 2 }
tracepoint:syscalls:sys_enter_getppid /comm == "sonde_wl"/ { printf("[%s]\n", str(uptr(8))); }
tracepoint:syscalls:sys_enter_write /comm == "sonde_wl"/ { @w[args.count] = 1; }
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }
EOF2
workload syscalls getppid 2 write 4
expect <<'EOF2'
[]
[]
@w[1]: 1
@w[2]: 1
EOF2
check_case() {
	local n
	# at str(uptr(8)) and at the assignment (the columns move with the workload's name)
	grep -Eq '^stdin:2:[0-9]+: warning: Failed to probe_read_user_str: Bad address \(-14\)$' "$STDERR" ||
		{ echo "no probe read warning at line 2"; return 1; }
	grep -Eq '^ +\^~{11}$' "$STDERR" || { echo "no caret under str(uptr(8))"; return 1; }
	grep -Eq '^stdin:3:[0-9]+: warning: Failed to map_update_elem: Argument list too long \(-7\)$' "$STDERR" ||
		{ echo "no map update warning at line 3"; return 1; }
	n=$(grep -c 'warning: Failed to probe_read_user_str' "$STDERR")
	[ "$n" = 2 ] || { echo "$n probe read warnings, want 2"; return 1; }
	n=$(grep -c 'warning: Failed to map_update_elem' "$STDERR")
	[ "$n" = 2 ] || { echo "$n map update warnings, want 2"; return 1; }
}
