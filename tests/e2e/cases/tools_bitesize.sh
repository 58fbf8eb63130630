desc "sonde bitesize -c: the workload's 16 KB O_DIRECT writes and reads in bcc's 16 -> 31 Kbytes row"
tool bitesize
opts -c sonde_wl
workload tools_wl direct 4 16384
stop sigint
check_case() {
	grep -qx "Process Name = $WL_COMM" "$STDOUT" || { echo "no histogram for the workload"; return 1; }
	grep -qx '     Kbytes              : count     distribution' "$STDOUT" || { echo "no Kbytes header"; return 1; }
	awk '$1 == 16 && $2 == "->" && $3 == 31 { n = $5 } END { exit !(n >= 4) }' "$STDOUT" || { echo "fewer than 4 I/Os of 16 KB (8, fewer if the block layer merged some)"; return 1; }
}
