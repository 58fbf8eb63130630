desc "nsecs(clock): monotonic, boot, tai, sw_tai; nsecs() is the builtin"
prog <<'EOF2'
BEGIN {
	$m = nsecs(monotonic); $b = nsecs(boot); $t = nsecs(tai); $s = nsecs(sw_tai);
	$d = (int64)($s - $t);
	printf("%d %d %d %d\n", $b >= $m, $t > $b, $d < 10000000 && $d > -10000000, nsecs() > 0);
	exit();
}
EOF2
expect '1 1 1 1'
