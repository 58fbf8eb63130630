desc "records, bpftrace's named tuples, on real events: fields by name in printf, a record as a map key (one key, printed whole) and as a map value, a record assigned with its fields in another order keeps its first order, widening field by field"
prog <<'EOF2'
BEGIN { @last = (fd = 0, n = 0, who = ""); }
tracepoint:syscalls:sys_enter_write /comm == "sonde_wl"/ {
	$r = (fd = (int32)args.fd, n = args.count, who = comm);
	printf("%d %d %s\n", $r.fd, $r.n, $r.who);
	@w[$r] = count();
	@last = (who = comm, n = args.count, fd = (int32)args.fd);
	@bytes[(odd = args.count % 2)] = sum(args.count);
	@pair[args.count, (even = args.count % 2 == 0)] = (n = args.count, sq = (v = args.count * args.count));
}
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ {
	print(@last);
	printf("%d %s\n", @last.n, @last.who);
	if (@last == (n = 3, who = "sonde_wl", fd = -1)) { print("equal in any order"); }
	if (@last != (n = 2, who = "sonde_wl", fd = -1)) { print("differs"); }
	print(@last.n > 2 ? (a = (int8)-1, b = "x") : (b = "long", a = (int16)300));
	clear(@last);
	exit();
}
EOF2
workload syscalls write 3
expect <<'EOF2'
-1 1 sonde_wl
-1 2 sonde_wl
-1 3 sonde_wl
@last: { .fd = -1, .n = 3, .who = sonde_wl }
3 sonde_wl
equal in any order
differs
{ .a = -1, .b = x }
@bytes[{ .odd = 0 }]: 2
@bytes[{ .odd = 1 }]: 4
@pair[1, { .even = false }]: { .n = 1, .sq = { .v = 1 } }
@pair[2, { .even = true }]: { .n = 2, .sq = { .v = 4 } }
@pair[3, { .even = false }]: { .n = 3, .sq = { .v = 9 } }
@w[{ .fd = -1, .n = 1, .who = sonde_wl }]: 1
@w[{ .fd = -1, .n = 2, .who = sonde_wl }]: 1
@w[{ .fd = -1, .n = 3, .who = sonde_wl }]: 1
EOF2
