desc "block:block_io_start/done (the tracepoints current biolatency/biosnoop-style scripts use): latency keyed by (dev, sector), delete(@m, (k1, k2))"
prog 'tracepoint:block:block_io_start /comm == "sonde_wl"/ { @start[args.dev, args.sector] = nsecs; @who[args.dev, args.sector] = comm;
	@size[args.dev, args.sector] = args.bytes; }
tracepoint:block:block_io_done /@start[args.dev, args.sector]/ {
	@usecs = hist((nsecs - @start[args.dev, args.sector]) / 1000);
	@ios[@who[args.dev, args.sector], @size[args.dev, args.sector]] = count();
	delete(@start, (args.dev, args.sector));
	delete(@who[args.dev, args.sector]);
	delete(@size, (args.dev, args.sector));
}
END { clear(@start); clear(@who); clear(@size); }'
workload bt_tools directio /var/tmp/sonde-block-io 8
stop sigint
check_case() {
	# the eight 64 KiB direct writes complete as eight I/Os of the workload (the size is taken
	# at the start: at block_io_done no bytes are left to do)
	local n
	n=$(grep -E "^@ios\[$WL_COMM, 65536\]: [0-9]+\$" <"$STDOUT" | sed 's/.*: //')
	[ "${n:-0}" -ge 8 ] || { echo "expected 8 or more 64 KiB I/Os of $WL_COMM"; cat "$STDOUT"; return 1; }
	grep -qx '@usecs:' <"$STDOUT" || { echo "no @usecs histogram"; return 1; }
	! grep -q '^@start\|^@who\|^@size' <"$STDOUT" || { echo "@start, @who or @size left over"; return 1; }
}
