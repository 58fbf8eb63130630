desc "debugf() writes through bpf_trace_printk to the trace buffer"
T=/sys/kernel/tracing
mountpoint -q $T 2>/dev/null || mount -t tracefs nodev $T 2>/dev/null
MARK="sonde_debugf_$$"
prog "BEGIN { debugf(\"$MARK %s %d %x %p\", \"a\", 1, 16, 255); exit(); }"
check_case() {
	grep -a "bpf_trace_printk: $MARK a 1 10 0xff" $T/trace >/dev/null ||
		{ echo "no '$MARK a 1 10 0xff' line in $T/trace"; return 1; }
}
