desc "bpftrace's runtime tests usdt: probe and arg0 in USDT probes, an empty provider and a wildcarded file and name, a semaphore-guarded probe of a process started before sonde (--usdt-file-activation accepted, the kernel sets semaphores); listing by provider and with a wildcarded file or probe type"
workload_first
workload usdt 2
opts --usdt-file-activation
prog <<'EOF2'
usdt:{{PROGS}}/usdt:sonde:regs { printf("%lld %s\n", arg0, probe); }
usdt:{{PROGS}}/usd*::guar* { printf("%lld %s\n", arg0, probe); }
uprobe:{{PROGS}}/usdt:sonde_done { exit(); }
EOF2
expect <<'EOF2'
1 usdt:{{PROGS}}/usdt:sonde:regs
1 usdt:{{PROGS}}/usdt:sonde:guarded
2 usdt:{{PROGS}}/usdt:sonde:regs
2 usdt:{{PROGS}}/usdt:sonde:guarded
EOF2
check_case() {
	local out p=$PROGS
	out=$("$SONDE" -l "usdt:$p/usdt:sonde:s*")
	[ "$out" = "$(printf 'usdt:%s\nusdt:%s' "$p/usdt:sonde:site" "$p/usdt:sonde:sized")" ] ||
		{ echo "usdt:FILE:sonde:s* listed: $out"; return 1; }
	out=$("$SONDE" -l "usdt:$p/usd*:sonde:g*")
	[ "$out" = "usdt:$p/usdt:sonde:guarded" ] || { echo "usdt:FILE*:sonde:g* listed: $out"; return 1; }
	out=$("$SONDE" -l "*:$p/usdt:*" | grep -c '^usdt:')
	[ "$out" = 6 ] || { echo "*:FILE:* listed $out USDT probes, not 6"; return 1; }
}
