desc "delete(@m, key), delete(@m[key]) and delete(@m)"
prog <<'EOF'
BEGIN {
	@m[1] = 1; @m[2] = 2; @m[3] = 3;
	delete(@m, 2);
	delete(@m[3]);
	@u = 5;
	delete(@u);
	exit();
}
EOF
expect '@m[1]: 1'
