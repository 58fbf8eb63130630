desc "BPFTRACE_STACK_MODE sets the mode of kstack(N) and ustack(N) calls too, not only of the builtins (call/ustack_stack_mode_env_raw); an explicit mode wins"
environ BPFTRACE_STACK_MODE=raw
prog <<'EOF3'
tracepoint:syscalls:sys_enter_getppid /comm == "sonde_wl"/ { printf("k%s", kstack(1)); printf("u%s", ustack(1)); printf("p%s", ustack(perf, 1)); exit(); }
EOF3
workload syscalls getppid 1
expect_regex <<'EOF3'
k
[0-9a-f]{16}
u
[0-9a-f]+
p
	[0-9a-f]+ .*
EOF3
