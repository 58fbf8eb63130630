desc "sonde --info reports the system and what the kernel offers, in bpftrace's --info sections (its basic runtime test looks for perf_event_array: yes); probe types as this kernel has them"
oneshot
opts --info
expect_contains <<'EOF2'
System
Kernel helpers
  probe_read_user: yes
  lookup_percpu_elem: yes
Kernel features
  btf: yes
Map types
  perf_event_array: yes
  ringbuf: yes
Probe types
  tracepoint: yes
  uprobe: yes
EOF2
check_case() {
	local k=no
	[ -e /sys/bus/event_source/devices/kprobe ] && k=yes
	grep -qx "  kprobe: $k" "$STDOUT" || { echo "kprobe line is not '$k'"; return 1; }
	grep -qx "  version: $("$SONDE" --version | cut -d' ' -f2)" "$STDOUT" || { echo "no version line"; return 1; }
	# the bracketed word of securityfs's lockdown file (mounted by sonde if need be)
	local l
	l=$(sed -n 's/.*\[\(.*\)\].*/\1/p' /sys/kernel/security/lockdown)
	grep -qx "  lockdown: $l" "$STDOUT" || { echo "lockdown line is not '$l'"; return 1; }
}
