desc "bpftrace's bitesize.bt runs unmodified: the workload's eight 64 KiB direct writes in its histogram"
prog "$(cat "$BT_TOOLS/bitesize.bt")"
workload bt_tools directio /var/tmp/sonde-bt-bitesize 8
stop sigint
check_case() {
	local hist n
	hist=$(sed -n "/^@\[$WL_COMM\]:/,/^\$/p" <"$STDOUT")
	# the eight writes; the file system may add a request or two of its own
	n=$(grep -E '^\[64K, 128K\) +[0-9]+ \|@+ *\|$' <<<"$hist" | awk '{ print $3 }')
	[ "${n:-0}" -ge 8 ] || { echo "no [64K, 128K) bucket of 8 or more for $WL_COMM:"; echo "$hist"; return 1; }
}
