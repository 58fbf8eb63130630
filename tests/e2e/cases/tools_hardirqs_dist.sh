desc "sonde hardirqs -D 1 1: one interval of bcc's per-interrupt histograms (hardirq = NAME), then exits by itself"
tool hardirqs
opts -D
args 1 1
workload tools_wl direct 8 8192 sleep 1500
check_case() {
	grep -Eq '^hardirq = .+$' "$STDOUT" || { echo "no hardirq = NAME section"; return 1; }
	grep -qx '     usecs               : count     distribution' "$STDOUT" || { echo "no usecs header"; return 1; }
	grep -Eq '^ +[0-9]+ -> [0-9]+ +: [0-9]+ +\|\** *\|$' "$STDOUT" || { echo "no histogram rows"; return 1; }
}
