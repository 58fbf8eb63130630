desc "kprobe wildcards attach to every matching function"
prog <<'EOF2'
kprobe:ksys_rea* /comm == "sonde_wl"/ { @[probe] = count(); }
kretprobe:ksys_rea* /comm == "sonde_wl"/ { @ret = count(); }
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }
EOF2
workload syscalls read 3
expect <<'EOF2'
@[kprobe:ksys_read]: 3
@ret: 3
EOF2
check_case() {
	# ksys_read and ksys_readahead, entry and return, and the close tracepoint
	grep -qE '^Attached ([5-9]|[1-9][0-9]+) probes$' "$STDERR" || { echo "FAIL: fewer probes attached than matched"; return 1; }
}
