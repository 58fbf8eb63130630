desc "pointer arithmetic on casts steps by the pointee's size (user and kernel memory), indexing casts, p - q, ++ and += on pointers, ?: keeps pointer types"
prog <<'EOF2'
tracepoint:syscalls:sys_enter_openat /comm == "sonde_wl"/ {
	$f = args.filename;
	printf("%s|%s|%c|%d|%x\n", str($f + 1), str((uint8 *)$f + 13), ((uint8 *)$f)[1], ((int8 *)$f)[2],
	       *((uint32 *)$f + 2));
	$i = 4;
	printf("%c%c\n", ((uint8 *)$f)[$i], *((uint8 *)$f + $i + 1));
	$w = (uint16 *)$f;
	$w++;
	$w += 2;
	printf("%d %c\n", $w - (uint16 *)$f, *(uint8 *)$w);
	$p = nsecs > 0 ? $f + 1 : $f;
	printf("%s\n", str($p));
	$t = (struct task_struct *)curtask;
	$n = $t + 1;
	printf("%d %d\n", (uint64)$n - (uint64)$t == sizeof(struct task_struct), $n - $t);
	printf("%d\n", *(int32 *)((uint8 *)$t + offsetof(struct task_struct, pid)) == tid);
	$c = nsecs > 0 ? (struct task_struct *)curtask : curtask->real_parent;
	printf("%d %d\n", $c->pid == tid, (nsecs > 0 ? curtask->real_parent : 0)->pid > 0);
	exit();
}
EOF2
workload syscalls openat 1
expect <<'EOF2'
nonexistent/sonde-test|sonde-test|n|111|746e6574
ex
3 i
nonexistent/sonde-test
1 1
1
1 1
EOF2
