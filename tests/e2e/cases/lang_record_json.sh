desc "records in -f json: objects as bpftrace prints structs, {\"a\": 1, \"b\": \"x\"}, tuples inside them arrays; a record key is its text without spaces, as bpftrace's JSON keys"
opts -f json
prog <<'EOF2'
tracepoint:syscalls:sys_enter_write /comm == "sonde_wl"/ {
	$r = (n = args.count, who = comm, t = (args.count, "x"));
	print($r);
	@w[(n = args.count)] = (who = comm, big = args.count > 1);
}
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }
EOF2
workload syscalls write 2
expect <<'EOF2'
{"type": "attached_probes", "count": 2, "data": {"probes": 2}}
{"type": "value", "data": {"n": 1, "who": "sonde_wl", "t": [1,"x"]}}
{"type": "value", "data": {"n": 2, "who": "sonde_wl", "t": [2,"x"]}}
{"type": "map", "data": {"@w": {"{.n=1}": {"who": "sonde_wl", "big": false}, "{.n=2}": {"who": "sonde_wl", "big": true}}}}
EOF2
