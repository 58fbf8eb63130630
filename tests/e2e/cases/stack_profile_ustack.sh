desc "profile: user stacks of a busy workload lead with its hot function, named after the process exited"
prog <<'EOF2'
profile:hz:99 /comm == "sonde_wl"/ { @[ustack] = count(); }
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }
EOF2
workload hot 1000
check_case() {
	# Samples per leaf function (offsets differ between samples of one function).
	awk '
		/^@\[$/ { inkey = 1; leaf = ""; next }
		inkey && /^]: [0-9]+$/ { n = $2; sum[leaf] += n; total += n; inkey = 0; next }
		inkey && leaf == "" { leaf = $1; sub(/\+[0-9]+$/, "", leaf) }
		END {
			best = ""; for (f in sum) if (best == "" || sum[f] > sum[best]) best = f
			printf "%s %d %d\n", best, sum[best], total
		}' "$STDOUT" >"$WORK/top"
	read -r fn n total <"$WORK/top"
	[ "$fn" = hot_spin ] || { echo "the leading leaf is '$fn', not hot_spin"; cat "$STDOUT"; return 1; }
	[ $((n * 2)) -ge "$total" ] || { echo "hot_spin has $n of $total samples"; return 1; }
	grep -Eq '^ {8}run_work\+[0-9]+$' "$STDOUT" || { echo "no run_work frame"; return 1; }
	grep -Eq '^ {8}main\+[0-9]+$' "$STDOUT" || { echo "no main frame"; return 1; }
}
