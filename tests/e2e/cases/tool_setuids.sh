desc "bpftrace's setuids.bt runs unmodified: setuid, setfsuid and setresuid with their arguments and results"
prog "$(cat "$BT_TOOLS/setuids.bt")"
workload bt_tools setuid 0 setfsuid 0 setresuid 0 0 0
stop sigint
check_case() {
	local want got
	want=$(printf '%s\n' "setuid    uid=0 (0)" "setfsuid  uid=0 (prevuid=0)" "setresuid ruid=0 euid=0 suid=0 (0)")
	got=$(grep -E "^[0-9:]+ +[0-9]+ +$WL_COMM +0 +" <"$STDOUT" | sed -E 's/^[0-9:]+ +[0-9]+ +[^ ]+ +0 +//')
	[ "$got" = "$want" ] || { printf 'expected:\n%s\ngot:\n%s\n' "$want" "$got"; return 1; }
}
