desc "for (\$kv : @m): every element as (key, value), multi-key maps, aggregations combined over CPUs, break, continue, nested loops and variables shared with the body"
prog <<'EOF2'
BEGIN {
	@one[16] = 32; @one[64] = 128;
	@two[16, 17] = count(); @two[16, 17] = count(); @two[1, 2] = count();
	@lat["a"] = avg(10); @lat["a"] = avg(20);
	$total = 0; $seen = "none";
	for ($kv : @one) { $total += $kv.1; $seen = "some"; }
	printf("%d %s\n", $total, $seen);
	for ($kv : @two) { printf("%d %d %d\n", $kv.0.0, $kv.0.1, $kv.1); }
	for ($kv : @lat) { printf("%s %d\n", $kv.0, $kv.1); }
	$n = 0;
	for ($a : @one) { for ($b : @one) { $n++; } if ($a.0 > 0) { continue; } $n += 1000; }
	$first = 0;
	for ($kv : @one) { $first++; break; }
	printf("%d %d\n", $n, $first);
	clear(@one); clear(@two); clear(@lat);
	exit();
}
EOF2
expect_sorted <<'EOF2'
160 some
16 17 2
1 2 1
a 15
4 1
EOF2
