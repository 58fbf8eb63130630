desc "-h prints usage and succeeds"
oneshot
opts -h
check_case() {
	cat "$STDOUT" "$STDERR" >"$WORK/all"
	grep -qi 'usage' "$WORK/all" || { echo "no usage text"; return 1; }
	grep -q -- '-e' "$WORK/all" || { echo "usage does not mention -e"; return 1; }
}
