desc "heatmap: input without a TIME LATENCY pair fails (status 1) and says what it expects"
oneshot
if [ -n "${WORK:-}" ]; then
	printf 'Attaching 1 probe...\nhello\n' >"$WORK/in.txt"
fi
opts heatmap in.txt
status 1
expect_stderr 'no events in the input (every line was skipped; the format is "TIME LATENCY")'
