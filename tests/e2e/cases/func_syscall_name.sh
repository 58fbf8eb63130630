desc "syscall_name(): a syscall's number as its name, in printf, as a map key and from print(); an unknown number prints as itself"
prog <<'EOF2'
tracepoint:syscalls:sys_enter_getppid /comm == "sonde_wl"/ {
	printf("%s %s\n", syscall_name(args.__syscall_nr), syscall_name(100000));
	@[syscall_name(args.__syscall_nr)] = count();
}
tracepoint:raw_syscalls:sys_enter /comm == "sonde_wl" && args.id == 3/ { print(syscall_name(args.id)); }
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }
EOF2
workload syscalls getppid 2
expect <<'EOF2'
getppid 100000
getppid 100000
close
@[getppid]: 2
EOF2
