desc "sonde hardirqs -D 1 1: one interval of per-interrupt histograms, then exits by itself"
tool hardirqs
opts -D
args 1 1
workload tools_wl direct 8 8192 sleep 1500
check_case() {
	grep -Eq '^@dist_usecs\[[^]]+\]:$' "$STDOUT" || { echo "no @dist_usecs[NAME] histogram"; return 1; }
	grep -Eq '^\[[0-9]+[KM]?(, [0-9]+[KM]?\))?\]? +[0-9]+ \|@*' "$STDOUT" || { echo "no histogram rows"; return 1; }
}
