desc "bpftrace's statsnoop.bt runs unmodified: stat, lstat, statx and statfs with their errno and path"
prog "$(cat "$BT_TOOLS/statsnoop.bt")"
workload bt_tools stat /nonexistent/bt-stat lstat /etc/passwd statx /tmp statfs /
stop sigint
check_case() {
	local want got
	want=$(printf '%s\n' "2 /nonexistent/bt-stat" "0 /etc/passwd" "0 /tmp" "0 /")
	got=$(grep -E "^[0-9]+ +$WL_COMM +" <"$STDOUT" | sed -E 's/^[0-9]+ +[^ ]+ +//')
	[ "$got" = "$want" ] || { printf 'expected:\n%s\ngot:\n%s\n' "$want" "$got"; return 1; }
	grep -qx 'PID    COMM             ERR PATH' <"$STDOUT" || { echo "no header line"; return 1; }
}
