desc "kaddr() from kallsyms; kptr/uptr keep the value; pton bytes through ntop"
prog <<'EOF2'
BEGIN {
	printf("%s %d\n", ksym(kaddr("vfs_read")), kaddr("vfs_read") == kptr(kaddr("vfs_read")));
	printf("%s %s\n", ntop(2, pton("127.0.0.1")), ntop(10, pton("fe80::1:2")));
	print(pton("10.1.2.3"));
	printf("%d\n", uptr(4096) == 4096);
	exit();
}
EOF2
expect <<'EOF2'
vfs_read 1
127.0.0.1 fe80::1:2
[10,1,2,3]
1
EOF2
