desc "sonde drsnoop -T -n: a child at its memory cgroup's limit reclaims before it is OOM-killed"
tool drsnoop
opts -T -n sonde_wl
workload tools_wl oom 64
stop sigint
check_case() {
	head -n 1 "$STDOUT" | grep -qx 'TIME     COMM             TID     LAT(ms) PAGES' || { echo "bad header"; return 1; }
	grep -Eq "^[0-9:]{8} $WL_COMM +[0-9]+ +[0-9]+\.[0-9]{3} +[0-9]+$" "$STDOUT" || { echo "no reclaim row"; return 1; }
}
