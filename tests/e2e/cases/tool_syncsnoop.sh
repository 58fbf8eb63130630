desc "bpftrace's syncsnoop.bt runs unmodified: a wildcard among six tracepoints, probe names printed"
prog "$(cat "$BT_TOOLS/syncsnoop.bt")"
workload bt_tools sync fsync fdatasync syncfs
stop sigint
check_case() {
	local want got
	want=$(printf 'tracepoint:syscalls:sys_enter_%s\n' sync fsync fdatasync syncfs)
	got=$(grep -E "^[0-9:]+ +[0-9]+ +$WL_COMM +" <"$STDOUT" | sed -E 's/^[0-9:]+ +[0-9]+ +[^ ]+ +//')
	[ "$got" = "$want" ] || { printf 'expected:\n%s\ngot:\n%s\n' "$want" "$got"; return 1; }
}
