desc "uprobes on stripped binaries: no .symtab (only exported functions), and no symbols at all"
STRIPPED=${WORK:-/tmp}/stripped
STATIC=${WORK:-/tmp}/static_stripped
if [ -n "${WORK:-}" ]; then
	strip -o "$STRIPPED" "$PROGS/uprobes"
	printf 'int main(void) { return 0; }\n' >"$WORK/static.c"
	cc -static -o "$STATIC" "$WORK/static.c" && strip "$STATIC"
fi
oneshot
status 1
prog <<EOF2
uprobe:$STRIPPED:sonde_add { }
uprobe:$STATIC:main { }
EOF2
expect_stderr "stdin:1:1: error: function 'sonde_add' not found in $STRIPPED"
expect_stderr "is stripped (it has no .symtab)"
expect_stderr "stdin:2:1: error: $STATIC has no symbols (it is stripped): cannot find 'main'"
expect_stderr_absent 'Attached'
