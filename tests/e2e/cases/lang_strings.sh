desc "string literals, == and != on strings"
prog <<'EOF'
BEGIN {
	$s = "abc";
	if ($s == "abc") { printf("eq\n"); }
	if ($s != "abd") { printf("ne\n"); }
	if ($s == "abcd") { printf("wrong\n"); }
	if ($s == "ab") { printf("wrong prefix\n"); }
	if ("x" != "x") { printf("wrong2\n"); }
	printf("%s|%s\n", $s, "lit");
	exit();
}
EOF
expect <<'EOF'
eq
ne
abc|lit
EOF
