desc "bpftrace's opensnoop.bt (Debian's package copy) runs unmodified: its header and the workload's failed opens"
prog "$(cat "$BT_TOOLS/opensnoop.bt")"
workload syscalls openat 2 bttool
stop sigint
check_case() {
	local n
	grep -qx 'PID    COMM               FD ERR PATH' <"$STDOUT" || { echo "no header line"; return 1; }
	n=$(grep -cE "^[0-9]+ +$WL_COMM +-1 +2 /nonexistent/sonde-bttool\$" <"$STDOUT")
	[ "$n" = 2 ] || { echo "expected 2 opens of /nonexistent/sonde-bttool by $WL_COMM, got $n"; return 1; }
}
