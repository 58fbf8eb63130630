desc "sonde hardirqs: total handler time per interrupt name while the disk works"
tool hardirqs
workload tools_wl direct 8 8192
stop sigint
check_case() {
	head -n 1 "$STDOUT" | grep -qx 'Tracing hard irq event time... Hit Ctrl-C to end.' || { echo "bad header"; return 1; }
	grep -Eq '^@usecs\[[^]]+\]: [0-9]+$' "$STDOUT" || { echo "no @usecs[NAME] totals"; return 1; }
}
