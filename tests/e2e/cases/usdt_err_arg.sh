desc "argN beyond what a USDT call site has: an error at the argument"
oneshot
status 1
prog 'usdt:{{PROGS}}/usdt:sonde:site { @ = arg1; }'
expect_stderr 'error: usdt:{{PROGS}}/usdt:sonde:site has 1 argument, arg0: there is no arg1'
expect_stderr_absent 'Attached'
# The error points at arg1 (its column depends on the length of the path).
check_case() {
	local line col want
	line=$(grep -m1 'has 1 argument' "$STDERR")
	col=$(printf '%s\n' "$line" | cut -d: -f3)
	want=$(grep -m1 '{ @ = arg1; }' "$STDERR" | awk '{ print index($0, "arg1") }')
	[ -n "$col" ] && [ "$col" = "$want" ] || { echo "error at column $col, arg1 is at column $want"; return 1; }
}
