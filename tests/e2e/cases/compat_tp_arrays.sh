desc "tracepoint array fields (__u8 saddr[4], saddr_v6[16]): indexed (constant and run-time index), printed as bpftrace prints arrays, kept in variables and map keys, compared with == and !=, and given to ntop()"
prog <<'EOF2'
tracepoint:sock:inet_sock_set_state /comm == "sonde_wl" && args.newstate == 2/ {
	print(args.saddr);
	print(args.daddr_v6);
	printf("%d.%d.%d.%d %s %s\n", args.saddr[0], args.saddr[1], args.saddr[2], args.saddr[3], ntop(args.saddr),
	       ntop(args.saddr_v6));
	$i = 3;
	$v = args.saddr_v6;
	printf("%d %d %d %d\n", args.saddr[$i], $v[10], $v[$i * 5], sizeof(args.saddr_v6));
	printf("%d %d %d\n", args.saddr == args.daddr, args.saddr_v6 != args.daddr_v6, $v == args.saddr_v6);
	@dst[args.daddr, ntop(args.daddr_v6)] = count();
	exit();
}
EOF2
workload tools_wl tcp 1 10
expect <<'EOF2'
[127,0,0,1]
[0,0,0,0,0,0,0,0,0,0,255,255,127,0,0,1]
127.0.0.1 127.0.0.1 ::ffff:127.0.0.1
1 255 1 16
1 0 1
@dst[[127,0,0,1], ::ffff:127.0.0.1]: 1
EOF2
