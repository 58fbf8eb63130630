desc "printf %gr: GFP flags by the names the kernel's kmem events print (GFP_KERNEL, __GFP_ZERO), with width and flags, none for 0"
prog <<'EOF2'
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ {
	printf("%gr|%gr|%-12gr|%gr\n", 0xcc0, 0xcc0 | 0x100, 0, 0x40);
	exit();
}
EOF2
workload syscalls getppid 1
expect_contains <<'EOF2'
GFP_KERNEL|GFP_KERNEL|__GFP_ZERO|none        |__GFP_IO
EOF2
