desc "bpftrace's runtime tests usdt 'attach to fully specified probe all pids': usdt:*:PROVIDER:PROBE without -p looks in every file a running process maps, and the probe fires in all of them; one no process has is an error"
workload_first
workload usdt 2
prog <<'EOF2'
usdt:*:sonde:regs /comm == "sonde_wl"/ { printf("%lld %s\n", arg0, probe); if (arg0 == 2) { exit(); } }
EOF2
expect <<'EOF2'
1 usdt:{{PROGS}}/usdt:sonde:regs
2 usdt:{{PROGS}}/usdt:sonde:regs
EOF2
check_case() {
	local out
	out=$("$SONDE" -e 'usdt:*:sonde_no_such_provider:nothing { exit(); }' 2>&1)
	case $out in
	*"usdt probe 'sonde_no_such_provider:nothing' not found in any file a process maps"*) ;;
	*) echo "a probe no process has: $out"; return 1 ;;
	esac
}
