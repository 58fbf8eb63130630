desc "let \$x; with neither type nor value: the first assignment gives its type (current bpftrace's tcpdrop.bt declares \$daddr so)"
prog 'BEGIN {
	let $addr;
	let $unused;
	let $n;
	if (nsecs > 0) { $addr = ntop(0x0100007f); } else { $addr = ntop(0); }
	$n += 3;
	printf("%s %d\n", $addr, $n);
	exit();
}'
expect <<'EOF2'
127.0.0.1 3
EOF2
