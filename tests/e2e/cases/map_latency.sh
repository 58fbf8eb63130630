desc "start/end pair: a map keyed by tid, a map in a predicate, delete"
prog <<'EOF'
tracepoint:syscalls:sys_enter_nanosleep /comm == "sonde_wl"/ { @start[tid] = nsecs; }
tracepoint:syscalls:sys_exit_nanosleep /@start[tid]/ {
	$d = nsecs - @start[tid];
	if ($d >= 2000000) {
		@ok = count();
	}
	delete(@start[tid]);
}
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }
EOF
workload syscalls nanosleep 3 2000000
expect '@ok: 3'
