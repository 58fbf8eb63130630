desc "kprobe and kretprobe: counts, argN, retval, short names, vmlinux:FN, wildcards"
prog <<'EOF2'
kprobe:ksys_read /comm == "sonde_wl"/ { @count = count(); @arg2[arg2] = count(); @fd[arg0] = count(); }
k:ksys_read /comm == "sonde_wl"/ { @name[probe] = count(); }
kr:ksys_read /comm == "sonde_wl"/ { @name[probe] = count(); }
kretprobe:ksys_read /comm == "sonde_wl"/ { @ret[(int64)retval] = count(); }
kprobe:vmlinux:ksys_read /comm == "sonde_wl"/ { @module = count(); }
kprobe:ksys_rea* /comm == "sonde_wl"/ { @wild[probe] = count(); }
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }
EOF2
workload syscalls read 3
expect_contains <<'EOF2'
@arg2[1]: 1
@arg2[2]: 1
@arg2[3]: 1
@count: 3
@fd[4294967295]: 3
@module: 3
@name[kprobe:ksys_read]: 3
@name[kretprobe:ksys_read]: 3
@ret[-9]: 3
@wild[kprobe:ksys_read]: 3
EOF2
check_case() {
	# 6 probes, ksys_rea* being ksys_read and ksys_readahead, and the close tracepoint
	grep -qx 'Attached 8 probes' "$STDERR" || { echo "FAIL: want 'Attached 8 probes'"; return 1; }
}
