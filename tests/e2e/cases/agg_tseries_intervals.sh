desc "tseries(1, 100ms, 30): three nanosleep() calls 250 ms apart fill three 100 ms intervals, '-' between them"
# When each call lands depends on the clock, so the check is the shape: rows are
# consecutive 100 ms intervals, the first and last hold a value, exactly three do
# (never two adjacent: the calls are >= 250 ms apart), the rest are "-".
prog <<'EOF2'
tracepoint:syscalls:sys_enter_nanosleep /comm == "sonde_wl"/ { @ = tseries(1, 100ms, 30); @k["a", 2] = tseries(2, 100ms, 30); }
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }
EOF2
workload syscalls nanosleep 3 250000000
expect_contains <<'EOF2'
@:
             0                                                   2
hh:mm:ss.ms  |___________________________________________________|
             v___________________________________________________v
@k[a, 2]:
             1                                                   3
EOF2
check_case() {
	local name vals prev=-1 t ms sets=0 rows=0 last="" first=""
	for name in '@:' '@k\[a, 2\]:'; do
		case $name in '@:') vals=1 ;; *) vals=2 ;; esac
		prev=-1 sets=0 rows=0 first="" last=""
		# the rows of this map: from its name line to its closing "v___v"
		while IFS= read -r line; do
			[[ $line =~ ^([0-2][0-9]):([0-5][0-9]):([0-6][0-9])\.([0-9]{3})\ (.*)$ ]] || continue
			t=$(( (10#${BASH_REMATCH[1]} * 3600 + 10#${BASH_REMATCH[2]} * 60 + 10#${BASH_REMATCH[3]}) * 1000 + 10#${BASH_REMATCH[4]} ))
			if [ "$prev" -ge 0 ] && [ $(( (t - prev + 86400000) % 86400000 )) -ne 100 ]; then
				echo "$name: rows are not consecutive 100 ms intervals: $line"; return 1
			fi
			prev=$t
			rows=$((rows + 1))
			case ${BASH_REMATCH[5]} in
			"|                         *                         | $vals")
				[ "$last" = set ] && { echo "$name: two adjacent intervals hold values"; return 1; }
				sets=$((sets + 1)); last=set ;;
			"|                                                   | -") last=empty ;;
			*) echo "$name: unexpected row: $line"; return 1 ;;
			esac
			[ -z "$first" ] && first=$last
		done < <(sed -n "/^$name\$/,/v___/p" "$STDOUT")
		[ "$sets" -eq 3 ] || { echo "$name: $sets intervals hold a value, want 3"; return 1; }
		[ "$rows" -ge 5 ] || { echo "$name: $rows rows for calls 500 ms apart"; return 1; }
		[ "$first" = set ] && [ "$last" = set ] || { echo "$name: the first and last rows must hold values"; return 1; }
	done
}
