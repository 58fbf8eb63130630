desc "sonde tools lists every tools/*.bt with a summary, and each tool's --help prints usage, options and examples"
oneshot
prog 'BEGIN { exit(); }'
check_case() {
	local t list bad=0
	list=$("$SONDE" tools) || { echo "sonde tools failed"; return 1; }
	for f in "$ROOT"/tools/*.bt; do
		t=$(basename "$f" .bt)
		echo "$list" | grep -Eq "^  $t +[A-Z]" || { echo "sonde tools does not list $t with a summary"; bad=1; }
		"$SONDE" "$t" --help >"$WORK/help" 2>&1 || { echo "sonde $t --help failed"; bad=1; continue; }
		head -n 1 "$WORK/help" | grep -q "^usage: sonde $t \[options\]" || { echo "sonde $t --help: no usage line"; bad=1; }
		grep -q '^options:$' "$WORK/help" || { echo "sonde $t --help: no options"; bad=1; }
		grep -q "^    sonde $t" "$WORK/help" || { echo "sonde $t --help: no example"; bad=1; }
	done
	return $bad
}
