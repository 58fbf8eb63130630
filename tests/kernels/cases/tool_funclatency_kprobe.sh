desc "sonde funclatency -u ksys_read: a bare name is a kernel function: kprobe and kretprobe time it; bcc's histogram and avg line"
tool funclatency
opts -u
args ksys_read
workload syscalls read 4
stop sigint
check_case() {
	grep -qx '     usecs               : count     distribution' "$STDOUT" || { echo "no usecs histogram"; return 1; }
	grep -Eq '^ +[0-9]+ -> [0-9]+ +: [0-9]+ +\|\** *\|$' "$STDOUT" || { echo "no histogram rows"; return 1; }
	local n
	n=$(sed -n 's/^avg = [0-9]* usecs, total: [0-9]* usecs, count: \([0-9]*\)$/\1/p' "$STDOUT")
	[ -n "$n" ] && [ "$n" -ge 4 ] || { echo "avg line counts '${n}' calls, expected at least 4"; return 1; }
}
