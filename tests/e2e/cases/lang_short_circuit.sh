desc "&& and || do not evaluate their right side when the left decides"
prog <<'EOF'
BEGIN {
	if (0 && @a++) { printf("no\n"); }
	if (1 || @b++) { printf("or\n"); }
	if (1 && @c++ == 0) { printf("and\n"); }
	if (0 || @d++ == 0) { printf("or2\n"); }
	printf("%d %d %d %d\n", @a, @b, @c, @d);
	exit();
}
EOF
expect <<'EOF'
or
and
or2
0 0 1 1
@c: 1
@d: 1
EOF
