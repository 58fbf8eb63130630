desc "sonde bitesize -c: the workload's 16 KB O_DIRECT writes and reads in the [16, 32) KB bucket"
tool bitesize
opts -c sonde_wl
workload tools_wl direct 4 16384
stop sigint
check_case() {
	grep -qx "@kbytes\[$WL_COMM\]:" "$STDOUT" || { echo "no histogram for the workload"; return 1; }
	awk '/^\[16, 32\)/ { n = $3 } END { exit !(n >= 4) }' "$STDOUT" || { echo "fewer than 4 I/Os of 16 KB (8, fewer if the block layer merged some)"; return 1; }
}
