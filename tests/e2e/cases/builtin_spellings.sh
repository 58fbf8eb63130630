desc "bpftrace's __builtin_NAME spellings of the builtins, bare and as calls"
prog <<'EOF2'
tracepoint:syscalls:sys_enter_getppid /__builtin_comm == "sonde_wl"/ {
	@[__builtin_comm, __builtin_pid == pid, __builtin_tid() == tid, __builtin_uid == uid, __builtin_ncpus == ncpus,
	  __builtin_probe] = count();
}
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }
EOF2
workload syscalls getppid 3
expect '@[sonde_wl, true, true, true, true, tracepoint:syscalls:sys_enter_getppid]: 3'
