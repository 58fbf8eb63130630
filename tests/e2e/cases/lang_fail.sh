desc "fail(): a compile-time error with its formatted message where checking reaches it; a branch a constant condition rules out does not"
oneshot
status 1
args 1
prog <<'EOF2'
BEGIN {
	if ($1 < 2) { fail("Expected the first positional param to be greater than 1. Got %d", $1); }
	if (probetype != "special") { fail("never: %s", probetype); }
	exit();
}
EOF2
expect <<'EOF2'
EOF2
expect_stderr "stdin:2:16: error: Expected the first positional param to be greater than 1. Got 1"
expect_stderr_absent "never"
check_case() {
	local out
	out=$("$SONDE" -e 'BEGIN { if ($1 < 2) { fail("too small: %d", $1); } printf("ok %d\n", $1); exit(); }' 5 2>&1) || { echo "$out"; return 1; }
	[ "$out" = "$(printf 'Attached 1 probe\nok 5')" ] || [ "$out" = "$(printf 'ok 5\nAttached 1 probe')" ] || { echo "with 5: $out"; return 1; }
}
