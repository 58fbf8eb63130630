desc "for (\$i : a..b) with bounds known only at run time (maps, arguments) runs through bpf_loop; empty and negative ranges, break"
args 4
prog <<'EOF2'
BEGIN {
	@hi = 5;
	$s = 0;
	for ($i : 0..@hi) { $s += $i; }
	for ($i : (-3)..$1) { printf("%d ", $i); }
	printf("\n");
	for ($i : 5..5) { printf("never\n"); }
	for ($i : 1..1000000) { if ($i == 3) { break; } @last = $i; }
	for ($i : 0..@hi) { @hi++; }
	printf("%d %d\n", $s, @last);
	exit();
}
EOF2
expect <<'EOF2'
-3 -2 -1 0 1 2 3
10 2
@hi: 10
@last: 2
EOF2
