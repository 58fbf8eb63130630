desc "-f json: tseries maps as bpftrace's {\"type\": \"tseries\"}, intervals with values as interval_start/value; zero() gives []"
opts -f json
prog <<'EOF2'
tracepoint:syscalls:sys_enter_write /comm == "sonde_wl"/ {
	@s = tseries(args.count, 1000000s, 3, "sum");
	@k[args.count % 2] = tseries(args.count, 1000000s, 2, "sum");
	@z = tseries(args.count, 1000000s, 3);
}
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { print(@s); zero(@z); exit(); }
EOF2
workload syscalls write 10
D='"interval_start": "20[0-9]{2}-[01][0-9]-[0-3][0-9] [0-2][0-9]:[0-5][0-9]:[0-6][0-9]\.000000000"'
expect_regex <<EOF2
\{"type": "attached_probes", "count": 2, "data": \{"probes": 2\}\}
\{"type": "tseries", "data": \{"@s": \[\{$D, "value": 55\}\]\}\}
\{"type": "tseries", "data": \{"@k": \{"0": \[\{$D, "value": 30\}\], "1": \[\{$D, "value": 25\}\]\}\}\}
\{"type": "tseries", "data": \{"@s": \[\{$D, "value": 55\}\]\}\}
\{"type": "tseries", "data": \{"@z": \[\]\}\}
EOF2
