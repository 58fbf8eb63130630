desc "-f json: maps and printf as JSON lines"
oneshot
opts -f json
prog 'BEGIN { @x = 5; printf("hi\n"); exit(); }'
check_case() {
	tr -d ' \n' <"$STDOUT" >"$WORK/flat"
	grep -qF '{"type":"printf","data":"hi\n"}' "$WORK/flat" || { echo "no printf record"; cat "$STDOUT"; return 1; }
	grep -qF '{"type":"map","data":{"@x":5}}' "$WORK/flat" || { echo "no map record"; cat "$STDOUT"; return 1; }
}
