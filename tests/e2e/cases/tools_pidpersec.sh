desc "sonde pidpersec: a line per second counting forks, the workload's 20 among them"
tool pidpersec
workload tools_wl fork 20 0 sleep 1100
stop sigint
check_case() {
	grep -Eq '^[0-9]{2}:[0-9]{2}:[0-9]{2}: PIDs/sec: [0-9]+$' "$STDOUT" || { echo "no PIDs/sec line"; return 1; }
	awk -F'PIDs/sec: ' 'NF == 2 && $2 >= 20 { found = 1 } END { exit !found }' "$STDOUT" ||
		{ echo "no second with 20 forks or more"; return 1; }
}
