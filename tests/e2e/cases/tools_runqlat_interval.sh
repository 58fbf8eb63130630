desc "sonde runqlat -m -T 1 2: two one-second summaries in milliseconds, with times, then exits"
tool runqlat
opts -m -T
args 1 2
workload tools_wl contend 3 2500
timeout_s 20
check_case() {
	[ "$(grep -Ec '^[0-9]{2}:[0-9]{2}:[0-9]{2}$' "$STDOUT")" = 2 ] || { echo "not two timed summaries"; return 1; }
	[ "$(grep -cx '     msecs               : count     distribution' "$STDOUT")" = 2 ] || { echo "not two msecs histograms"; return 1; }
}
