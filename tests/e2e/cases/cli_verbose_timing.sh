desc "-v says where the start-up time went: compiling, loading, attaching, and detaching at the end"
opts -v
prog 'interval:ms:10 { exit(); }'
check_case() {
	grep -Eq '^sonde: compiled in [0-9.]+ ms, loaded in [0-9.]+ ms, attached in [0-9.]+ ms$' "$STDERR" ||
		{ echo "no compile/load/attach timing on stderr"; return 1; }
	grep -Eq '^sonde: detached [0-9]+ attachments in [0-9.]+ ms$' "$STDERR" ||
		{ echo "no detach timing on stderr"; return 1; }
}
