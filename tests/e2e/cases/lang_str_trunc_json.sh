desc "-f json: a cut string keeps its trailer in printf, map keys and map values; a short one has none"
opts -f json
oneshot
prog <<'EOF'
config = { max_strlen = 8 }
begin {
	printf("%s|", str("abcdefghij"));
	@[str("abcdefghij")] = str("0123456789");
	@short[str("abc")] = str("abc");
	exit();
}
EOF
expect <<'EOF'
{"type": "attached_probes", "count": 1, "data": {"probes": 1}}
{"type": "printf", "data": "abcdefgh..|"}
{"type": "map", "data": {"@": {"abcdefgh..": "01234567.."}}}
{"type": "map", "data": {"@short": {"abc": "abc"}}}
EOF
