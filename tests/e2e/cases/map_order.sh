desc "maps print in name order; int values sort ascending, negatives first"
prog <<'EOF'
BEGIN {
	@z = 1;
	@a = 2;
	@m[3] = 1; @m[1] = 3; @m[2] = 2;
	@v[1] = -5; @v[2] = 3; @v[3] = -10;
	exit();
}
EOF
expect <<'EOF'
@a: 2
@m[3]: 1
@m[2]: 2
@m[1]: 3
@v[3]: -10
@v[1]: -5
@v[2]: 3
@z: 1
EOF
