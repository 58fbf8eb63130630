desc "@m[(a, b)] is @m[a, b]: delete(@m, (a, b)) and has_key(@m, (a, (b, c))) find multi-key entries"
prog <<'EOF2'
BEGIN {
	@b[1, 2] = 2; @b[3, 4] = 4;
	delete(@b, (1, 2));
	@a[1, ("hello", (int8)5)] = 0;
	if (has_key(@a, (1, ("hello", 5)))) { printf("found\n"); }
	@c[(5, 6)] = 1;
	exit();
}
EOF2
expect <<'EOF2'
found
@a[1, (hello, 5)]: 0
@b[3, 4]: 4
@c[5, 6]: 1
EOF2
