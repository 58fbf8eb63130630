desc "sonde biopattern -T: the workload's 64 sequential 8 KB O_DIRECT writes and reads make a row with sequential I/O"
tool biopattern
opts -T
workload tools_wl direct 64 8192
stop sigint
check_case() {
	sed -n 2p "$STDOUT" | grep -qx 'TIME      DISK     %RND  %SEQ    COUNT     KBYTES' || { echo "bad header"; return 1; }
	awk '$1 ~ /^[0-9][0-9]:[0-9][0-9]:[0-9][0-9]$/ && $2 ~ /^[a-z]+[a-z0-9]*$/ && NF == 6 &&
		$3 + $4 >= 98 && $3 + $4 <= 100 && $4 >= 1 && $5 >= 128 && $6 >= 1024 { ok = 1 }
		END { exit !ok }' "$STDOUT" || { echo "no disk row with 128 I/Os, 1 MB and sequential I/O"; return 1; }
}
