desc "-d ir prints the IR of each program"
oneshot
opts -d ir
prog 'tracepoint:syscalls:sys_enter_getppid /pid == 424242/ { @x = count(); } BEGIN { exit(); }'
check_case() {
	cat "$STDOUT" "$STDERR" >"$WORK/all"
	for w in func call ret; do
		grep -q -- "$w" "$WORK/all" || { echo "-d ir output has no '$w'"; return 1; }
	done
	grep -q 'sys_enter_getppid' "$WORK/all" || { echo "-d ir does not name the probe"; return 1; }
}
