desc "while, unroll and for over a range"
prog <<'EOF'
BEGIN {
	$i = 0;
	while ($i < 3) {
		$i++;
	}
	unroll(2) {
		$i++;
	}
	for ($j : 0..4) {
		$i += $j * 10;
	}
	printf("%d\n", $i);
	exit();
}
EOF
expect '65'
