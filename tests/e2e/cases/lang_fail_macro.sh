desc "fail() in a macro: only the uses that reach it fail, with the caller's arguments in the message"
oneshot
status 1
prog <<'EOF2'
macro need_str(x) {
	if (!is_str(x)) { fail("need_str() takes a string, not %d", x); }
	x
}
BEGIN { printf("%s\n", need_str("fine")); printf("%s\n", need_str(42)); exit(); }
EOF2
expect <<'EOF2'
EOF2
expect_stderr "stdin:2:20: error: need_str() takes a string, not 42"
check_case() {
	local out
	out=$("$SONDE" -e "$(sed -n 1,4p <<<"$PROG") BEGIN { printf(\"%s\\n\", need_str(\"fine\")); exit(); }" 2>/dev/null) || { echo "a string: $out"; return 1; }
	[ "$out" = "fine" ] || { echo "a string: $out"; return 1; }
}
