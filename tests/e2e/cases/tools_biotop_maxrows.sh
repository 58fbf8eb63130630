desc "sonde biotop -C -r 3 1 2: two tables of at most 3 rows each, largest Kbytes first, then exit"
tool biotop
opts -C -r 3
args 1 2
workload tools_wl direct 16 8192 sleep 2500
check_case() {
	[ "$(grep -c '^PID     COMM' "$STDOUT")" = 2 ] || { echo "not two tables"; return 1; }
	awk '/^PID     COMM/ { rows = 0; prev = -1; next }
		/ [RW] [0-9]+ +[0-9]+ +[a-z]+[a-z0-9]* +[0-9]+ +[0-9]+ +[0-9]+\.[0-9][0-9]$/ {
			rows++; any = 1
			if (rows > 3 || (prev >= 0 && $(NF - 1) > prev)) bad = 1
			prev = $(NF - 1)
		}
		END { exit bad || !any }' "$STDOUT" || { echo "no rows, more than 3 rows a table, or rows not sorted by Kbytes"; return 1; }
}
