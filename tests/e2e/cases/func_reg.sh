desc "reg(): registers of a uprobe (arguments, sp, ip), a uretprobe (ax is retval) and a profile sample"
prog <<'EOF2'
uprobe:{{PROGS}}/stdlib:sonde_many /comm == "sonde_wl"/ {
	printf("di=%d si=%d r9=%d stack=%d ip=%d\n", reg("di"), reg("si"), reg("r9"), *(int64 *)(reg("sp") + 8),
	       reg("ip") == (uint64)uaddr("sonde_many"));
}
uretprobe:{{PROGS}}/stdlib:sonde_many /comm == "sonde_wl"/ { printf("ax=%d %d\n", reg("ax"), reg("ax") == retval); }
uprobe:{{PROGS}}/stdlib:sonde_done /comm == "sonde_wl"/ { exit(); }
EOF2
workload stdlib
expect <<'EOF2'
di=1 si=2 r9=6 stack=7 ip=1
ax=36 1
EOF2
