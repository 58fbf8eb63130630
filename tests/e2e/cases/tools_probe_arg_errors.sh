desc "a probe arg that is no probe, of a kind the tool does not take, or missing: a clear message and a failure each"
oneshot
prog 'BEGIN { exit(); }'
check_case() {
	local out
	out=$("$SONDE" funclatency t:sched:sched_switch 2>&1); [ $? -ne 0 ] || { echo "funclatency t: did not fail"; return 1; }
	[ "$out" = "sonde funclatency: PATTERN 't:sched:sched_switch' is a tracepoint; funclatency takes: uprobe, kprobe" ] ||
		{ echo "funclatency t:: $out"; return 1; }
	out=$("$SONDE" funccount t:sched 2>&1); [ $? -ne 0 ] || { echo "funccount t:sched did not fail"; return 1; }
	echo "$out" | grep -q "^sonde funccount: PATTERN 't:sched' is not a probe: t:CATEGORY:NAME (tracepoint)" ||
		{ echo "funccount t:sched: $out"; return 1; }
	out=$("$SONDE" stackcount 2>&1); [ $? -ne 0 ] || { echo "stackcount without a pattern did not fail"; return 1; }
	[ "$out" = "sonde stackcount: PATTERN is missing: what to trace (sonde stackcount --help)" ] ||
		{ echo "stackcount: $out"; return 1; }
}
