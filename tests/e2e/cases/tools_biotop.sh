desc "sonde biotop -C -p PID 1: per-second tables; the workload's 16 8 KB O_DIRECT reads and writes add up in its R and W rows"
tool biotop
opts -C -p {{WL_PID}}
args 1
workload_first
# 2.5 s after the I/O: at least two per-second tables, even on a loaded machine (ASan)
workload tools_wl direct 16 8192 sleep 2500
stop sigint
check_case() {
	grep -qx 'PID     COMM             D MAJ MIN DISK       I/O  Kbytes  AVGms' "$STDOUT" || { echo "no header"; return 1; }
	grep -Eq '^[0-9:]{8} loadavg: [0-9.]+ [0-9.]+ [0-9.]+ [0-9]+/[0-9]+ [0-9]+$' "$STDOUT" || { echo "no loadavg line"; return 1; }
	# the I/O may straddle two tables: add the rows up
	awk -v pid="$WL_PID" -v comm="${WL_COMM:0:15}" '
		$1 == pid && $2 == comm && NF == 9 && $4 ~ /^[0-9]+$/ && $5 ~ /^[0-9]+$/ && $6 ~ /^[a-z]+[a-z0-9]*$/ &&
		$9 ~ /^[0-9]+\.[0-9][0-9]$/ { io[$3] += $7; kb[$3] += $8 }
		END { exit !(io["R"] == 16 && kb["R"] == 128 && io["W"] >= 16 && kb["W"] >= 128) }' "$STDOUT" ||
		{ echo "the R rows do not add up to 16 I/Os of 128 KB, or the W rows to at least that:"; cat "$STDOUT"; return 1; }
}
