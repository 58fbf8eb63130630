desc "sonde biolatency --bpftrace -D: bpftrace's histogram rows per disk instead of bcc's layout"
tool biolatency
opts --bpftrace -D
workload tools_wl direct 8 8192
stop sigint
check_case() {
	grep -Eq '^@disk_usecs\[[a-z]+[a-z0-9]*\]:$' "$STDOUT" || { echo "no bpftrace per-disk map"; return 1; }
	grep -Eq '^\[[0-9]+[KM]?(, [0-9]+[KM]?\))?\]? +[0-9]+ \|@*' "$STDOUT" || { echo "no bpftrace histogram rows"; return 1; }
	! grep -q 'distribution' "$STDOUT" || { echo "a bcc histogram header"; return 1; }
}
