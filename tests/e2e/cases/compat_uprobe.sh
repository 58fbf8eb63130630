desc "bpftrace's runtime tests uprobe (listing): -l by file with wildcards in the name and the file, a wildcard probe type with a file (its uprobes and USDT), -l -p PID with and without a pattern, a shared library's functions"
workload_first
workload uprobes 1
oneshot
opts -l -p '{{WL_PID}}'
expect_contains <<'EOF2'
uprobe:{{PROGS}}/uprobes:sonde_add
uprobe:{{PROGS}}/uprobes:sonde_done
usdt:{{PROGS}}/uprobes:sonde:tick
tracepoint:syscalls:sys_enter_getppid
EOF2
check_case() {
	local out lib=$WORK/libsondelib.so p=$PROGS
	"$SONDE" -l "uprobe:$p/uprobes:*" | grep -qx "uprobe:$p/uprobes:sonde_add" || { echo "uprobe:FILE:* misses sonde_add"; return 1; }
	out=$("$SONDE" -l "uprobe:$p/uprobes:sonde_a*")
	[ "$out" = "uprobe:$p/uprobes:sonde_add" ] || { echo "uprobe:FILE:sonde_a* listed: $out"; return 1; }
	"$SONDE" -l "uprobe:$p/upr*:sonde_add" | grep -qx "uprobe:$p/uprobes:sonde_add" || { echo "uprobe:DIR/upr*:sonde_add misses it"; return 1; }
	out=$("$SONDE" -l "uprobe:$p/uprobes*:sonde_a*")
	[ "$out" = "uprobe:$p/uprobes:sonde_add" ] || { echo "uprobe:FILE*:sonde_a* listed: $out"; return 1; }
	out=$("$SONDE" -l "*:$p/uprobes:sonde*")
	[ "$out" = "$(printf 'uprobe:%s\nuprobe:%s\nusdt:%s' "$p/uprobes:sonde_add" "$p/uprobes:sonde_done" "$p/uprobes:sonde:tick")" ] ||
		{ echo "*:FILE:sonde* listed: $out"; return 1; }
	cc -shared -fPIC -O1 -g -o "$lib" "$ROOT/tests/progs/lib/sondelib.c" || return 1
	out=$("$SONDE" -l "uprobe:$lib:sondelib_add")
	[ "$out" = "uprobe:$lib:sondelib_add" ] || { echo "a library's function listed: $out"; return 1; }
}
