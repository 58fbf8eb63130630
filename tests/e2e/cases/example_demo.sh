desc "examples/demo.bt runs, prints per-process counts and a latency histogram, exits 0"
script examples/demo.bt
workload syscalls getppid 100 nanosleep 5 1000000
timeout_s 20
check_case() {
	grep -q "$WL_COMM" "$STDOUT" || { echo "demo output does not mention the workload"; return 1; }
	grep -Eq '^\[[0-9]+[KMG]?, [0-9]+[KMG]?\) +[0-9]+ \|@*' "$STDOUT" || { echo "demo output has no histogram rows"; return 1; }
}
