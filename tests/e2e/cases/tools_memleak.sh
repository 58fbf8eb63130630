desc "sonde memleak -p PID 1: five leaked 4 KB blocks outstanding by stack; the freed ones are not"
tool memleak
opts -p {{WL_PID}}
args 1
workload_first
# malloc 10 100 allocates and frees from its own call: only the 5 x 4096 leaked bytes stay
workload tools_wl leak 5 4096 malloc 10 100 sleep 1500
timeout_s 20
stop sigint
check_case() {
	grep -Eq '^\[[0-9:]{8}\] Top 10 stacks with outstanding allocations:$' "$STDOUT" || { echo "no report"; return 1; }
	grep -qx ']: 20480' "$STDOUT" || { echo "no stack with 20480 bytes outstanding"; return 1; }
	grep -qx ']: 5' "$STDOUT" || { echo "no stack with 5 allocations outstanding"; return 1; }
	grep -Eq '^ +run_ops\+[0-9]+$' "$STDOUT" || { echo "the stack does not go through the workload"; return 1; }
	! grep -Eq '^\]: (1000|10)$' "$STDOUT" || { echo "the freed allocations are reported"; return 1; }
}
