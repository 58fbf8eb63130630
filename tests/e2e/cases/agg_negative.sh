desc "min max sum avg of negative values"
prog <<'EOF'
BEGIN {
	@mn = min(-5); @mn = min(3);
	@mx = max(-5); @mx = max(-2);
	@s = sum(-10); @s = sum(3);
	@a = avg(-10); @a = avg(-20);
	exit();
}
EOF
expect <<'EOF'
@a: -15
@mn: -5
@mx: -2
@s: -7
EOF
