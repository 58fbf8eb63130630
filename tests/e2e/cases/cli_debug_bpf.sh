desc "-d bpf prints BPF instructions in the verifier's notation"
oneshot
opts -d bpf
prog 'tracepoint:syscalls:sys_enter_getppid /pid == 424242/ { @x = count(); } BEGIN { exit(); }'
check_case() {
	cat "$STDOUT" "$STDERR" >"$WORK/all"
	grep -q 'exit' "$WORK/all" || { echo "-d bpf output has no exit instruction"; return 1; }
	grep -Eq 'call|r[0-9]+ = ' "$WORK/all" || { echo "-d bpf output has no calls or moves"; return 1; }
	[ "$(grep -c . "$WORK/all")" -ge 10 ] || { echo "-d bpf output is too short"; return 1; }
}
