desc "bpftrace's killsnoop.bt runs unmodified: a signal 0 to itself (0) and to a missing pid (-3, ESRCH)"
prog "$(cat "$BT_TOOLS/killsnoop.bt")"
workload bt_tools kill 0 0 kill 3999999 0
stop sigint
check_case() {
	local got
	got=$(grep -E "^[0-9:]+ +[0-9]+ +$WL_COMM +" <"$STDOUT" | sed -E 's/^[0-9:]+ +([0-9]+) +[^ ]+ +/\1 /' | tr -s ' ')
	local pid=${got%% *}
	local want
	want=$(printf '%s\n' "$pid 0 $pid 0" "$pid 0 3999999 -3")
	[ "$got" = "$want" ] || { printf 'expected:\n%s\ngot:\n%s\n' "$want" "$got"; return 1; }
	grep -qx 'TIME      PID    COMM             SIG  TPID   RESULT' <"$STDOUT" || { echo "no header line"; return 1; }
}
