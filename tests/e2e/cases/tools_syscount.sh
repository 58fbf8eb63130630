desc "sonde syscount -n: the workload's system calls counted by name, in bcc's SYSCALL COUNT table, largest first"
tool syscount
opts -n sonde_wl
workload syscalls getppid 7 openat 3
stop sigint
expect_contains <<'EOF2'
Tracing syscalls, printing top 10... Ctrl+C to quit.
SYSCALL                   COUNT
getppid                       7
openat                        3
EOF2
check_case() {
	# getppid (7) comes before openat (3): largest first
	awk '/^getppid / { g = NR } /^openat / { o = NR } END { exit !(g && o && g < o) }' "$STDOUT" ||
		{ echo "getppid is not above openat"; return 1; }
}
