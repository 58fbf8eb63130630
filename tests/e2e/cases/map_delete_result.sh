desc "delete() is true when the key was there and is gone, false otherwise (as a value, in a condition, discarded)"
prog <<'EOF2'
tracepoint:syscalls:sys_enter_getppid /comm == "sonde_wl"/ {
	@n++;
	@seen[@n % 2] = 1;
	if (delete(@seen, 0)) { @deleted = count(); }
}
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ {
	$first = delete(@seen, 1);
	printf("%d %d %d\n", $first, delete(@seen[1]), delete(@n));
	delete(@seen, 5);
	exit();
}
EOF2
workload syscalls getppid 4
expect <<'EOF2'
1 0 1
@deleted: 2
EOF2
