desc "-d ast prints the syntax tree"
oneshot
opts -d ast
prog 'BEGIN { @x = 1 + 2; exit(); }'
check_case() {
	cat "$STDOUT" "$STDERR" >"$WORK/all"
	for w in probe '@x' '1' '2'; do
		grep -q -- "$w" "$WORK/all" || { echo "-d ast output has no '$w'"; return 1; }
	done
	[ "$(wc -l <"$WORK/all")" -ge 4 ] || { echo "-d ast output is too short"; return 1; }
}
