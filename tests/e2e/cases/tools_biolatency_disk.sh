desc "sonde biolatency -D -Q -m: a bcc millisecond histogram per disk under disk = NAME, named as the kernel names it"
tool biolatency
opts -D -Q -m
workload tools_wl direct 8 8192
stop sigint
check_case() {
	grep -Eq '^disk = [a-z]+[a-z0-9]*$' "$STDOUT" || { echo "no per-disk section"; return 1; }
	grep -qx '     msecs               : count     distribution' "$STDOUT" || { echo "no msecs header"; return 1; }
	grep -Eq '^ +[0-9]+ -> [0-9]+ +: [0-9]+ +\|\** *\|$' "$STDOUT" || { echo "no histogram rows"; return 1; }
}
