desc "sonde biolatency -D -Q -m: a millisecond histogram per disk, named as the kernel names it"
tool biolatency
opts -D -Q -m
workload tools_wl direct 8 8192
stop sigint
check_case() {
	grep -Eq '^@disk_msecs\[[a-z]+[a-z0-9]*\]:$' "$STDOUT" || { echo "no per-disk histogram"; return 1; }
	grep -Eq '^\[[0-9]+[KM]?(, [0-9]+[KM]?\))?\]? +[0-9]+ \|@*' "$STDOUT" || { echo "no histogram rows"; return 1; }
}
