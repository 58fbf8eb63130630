desc "sonde bitesize -c: the workload's 16 KB O_DIRECT writes and reads in the [16, 32) KB bucket"
tool bitesize
opts -c sonde_wl
workload tools_wl direct 4 16384
stop sigint
check_case() {
	grep -qx "@kbytes\[$WL_COMM\]:" "$STDOUT" || { echo "no histogram for the workload"; return 1; }
	grep -Eq '^\[16, 32\) +[89] \|@+ *\|$' "$STDOUT" || { echo "not 8 I/Os of 16 KB"; return 1; }
}
