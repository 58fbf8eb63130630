desc "bpftrace's biolatency.bt (kprobes) on a kernel without kprobes: refused at its first probe, naming the block tracepoint to use"
prog "$(cat "$BT_TOOLS/biolatency.bt")"
if [ -e /sys/bus/event_source/devices/kprobe ]; then
	# a kernel with kprobes runs it: the eight direct writes are in the histogram
	workload bt_tools directio /var/tmp/sonde-bt-biolatency 8
	stop sigint
	expect_contains <<'EOF2'
@usecs:
EOF2
else
	oneshot
	status 1
	expect_stderr 'stdin:19:1: error: cannot attach kprobe:blk_account_io_start: this kernel has no kprobes'
	# block_io_start (6.5) fires inside blk_account_io_start; older kernels get block_rq_insert
	tp=block_rq_insert
	[ -e /sys/kernel/tracing/events/block/block_io_start ] && tp=block_io_start
	expect_stderr "note: tracepoint:block:$tp fires at about the same place: use it instead"
	expect_stderr_absent 'Attached'
fi
