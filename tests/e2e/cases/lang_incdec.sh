desc "pre/post ++ and -- on variables and maps"
prog <<'EOF'
BEGIN {
	$x = 10;
	printf("%d", $x++); printf(" %d", ++$x); printf(" %d", $x--); printf(" %d\n", --$x);
	@x = 10;
	printf("%d", @x++); printf(" %d", ++@x); printf(" %d", @x--); printf(" %d\n", --@x);
	delete(@x);
	@k[1]++; @k[1]++; @k[2]--;
	exit();
}
EOF
expect <<'EOF'
10 12 12 10
10 12 12 10
@k[2]: -1
@k[1]: 2
EOF
