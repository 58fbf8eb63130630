desc "string types: let \$s: string[N], (string[N]) and (string) casts cut (still NUL-terminated) or pad strings, as bpftrace's runtime test regression/large string cast (within sonde's 256-byte strings)"
prog <<'EOF2'
begin {
	let $a: string[16] = "hi";
	print(($a, sizeof($a)));
	$b = (string[4])"hello world";
	print(($b, sizeof($b)));
	$c = (string)"xy";
	print(($c, sizeof($c)));
	printf("%s|%s\n", (string[2])"xyz", (string[100])"long");
	@m[(string[3])"sonde"] = 1;
	@n = (string[6])"abcdefghijkl";
}
EOF2
expect <<'EOF2'
(hi, 16)
(hel, 4)
(xy, 65)
x|long
@m[so]: 1
@n: abcde
EOF2
