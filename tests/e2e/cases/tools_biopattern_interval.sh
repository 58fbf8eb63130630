desc "sonde biopattern 1 2: one-second tables of disk rows, and an exit after the second"
tool biopattern
args 1 2
workload tools_wl direct 16 8192 sleep 2500
check_case() {
	local n
	n=$(grep -Ec '^[a-z]+[a-z0-9]* +[0-9]+ +[0-9]+ +[0-9]+ +[0-9]+$' "$STDOUT")
	[ "$n" -ge 1 ] || { echo "no disk rows"; return 1; }
}
