desc "comma-separated attach points share one body; a list may span lines"
prog <<'EOF'
tracepoint:syscalls:sys_enter_getppid,
tracepoint:syscalls:sys_enter_getpid
/comm == "sonde_wl"/
{
	@[probe] = count();
}
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }
EOF
workload syscalls getppid 2 getpid 3
expect <<'EOF'
@[tracepoint:syscalls:sys_enter_getppid]: 2
@[tracepoint:syscalls:sys_enter_getpid]: 3
EOF
