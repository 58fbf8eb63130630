desc "assert(): the third getppid fails it: its message, exit status 1, maps printed (the getppids that ran before user space stopped the probes count too)"
prog <<'EOF2'
tracepoint:syscalls:sys_enter_getppid /comm == "sonde_wl"/ {
	@n++;
	assert(@n < 3, "third getppid");
	printf("call %d\n", @n);
}
EOF2
workload syscalls getppid 5
status 1
expect_regex <<'EOF2'
call 1
call 2
Assertion failed\. Msg: third getppid
@n: [345]
EOF2
