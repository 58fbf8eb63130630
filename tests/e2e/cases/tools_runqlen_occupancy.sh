desc "sonde runqlen -C -O 1 1: one occupancy line per CPU after a second, then exits"
tool runqlen
opts -C -O
args 1 1
workload tools_wl contend 4 1200
check_case() {
	[ "$(grep -Ec '^runqocc, CPU [0-9]+ +[0-9]+\.[0-9]{2}%$' "$STDOUT")" = "$NCPUS" ] ||
		{ echo "not one occupancy line per CPU"; return 1; }
}
