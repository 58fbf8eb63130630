desc "-f folded: comm first, then user frames root first; the hot function leads the profile"
opts -f folded
prog <<'EOF2'
profile:hz:99 /comm == "sonde_wl"/ { @[ustack, comm] = count(); @samples = count(); }
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }
EOF2
workload hot 1000
check_case() {
	# Maps without stacks still print as text.
	grep -Eq '^@samples: [0-9]+$' "$STDOUT" || { echo "no @samples line"; return 1; }
	grep -Eq "^$WL_COMM;(.*;)?main;run_work;hot_spin [0-9]+\$" "$STDOUT" ||
		{ echo "no folded line ending main;run_work;hot_spin"; cat "$STDOUT"; return 1; }
	awk -v comm="$WL_COMM" '
		/^@/ { next }
		{ n = $NF; sub(/ [0-9]+$/, ""); k = split($0, f, ";"); if (f[1] != comm) bad++
		  sum[f[k]] += n; total += n }
		END { best = ""; for (x in sum) if (best == "" || sum[x] > sum[best]) best = x
		      printf "%s %d %d %d\n", best, sum[best], total, bad }' "$STDOUT" >"$WORK/top"
	read -r fn n total bad <"$WORK/top"
	[ "$bad" = 0 ] || { echo "$bad lines do not start with the comm"; return 1; }
	[ "$fn" = hot_spin ] || { echo "the leading leaf is '$fn', not hot_spin"; return 1; }
	[ $((n * 2)) -ge "$total" ] || { echo "hot_spin has $n of $total samples"; return 1; }
}
