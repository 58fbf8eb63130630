desc "(string[1024]) and let \$s: string[N] above the BPF stack's 256 bytes, as bpftrace's regression test 'large string cast': such values live in the scratch map whatever max_strlen is"
prog <<'EOF2'
begin {
	let $a = (string[1024])"hi";
	print($a);
	printf("%s %d\n", $a, sizeof($a));
	let $b: string[300] = "x";
	$t = ($b, 1);
	print($t);
	@m[$a] = sizeof($t);
}
EOF2
expect <<'EOF2'
hi
hi 1024
(x, 1)
@m[hi]: 301
EOF2
