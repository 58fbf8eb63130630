desc "sonde funclatency -u -p PID: bcc's histogram and avg/total/count line for sonde_add's 10 calls"
tool funclatency
opts -u -p {{WL_PID}}
args '{{PROGS}}/uprobes:sonde_add'
workload_first
workload uprobes 10
stop sigint
check_case() {
	grep -qx '     usecs               : count     distribution' "$STDOUT" || { echo "no usecs histogram"; return 1; }
	awk -F: '/ -> / { n += $2 } END { exit n != 10 }' "$STDOUT" || { echo "the rows do not count 10 calls"; return 1; }
	grep -Eq '^avg = [0-9]+ usecs, total: [0-9]+ usecs, count: 10$' "$STDOUT" || { echo "no avg line for 10 calls"; return 1; }
}
