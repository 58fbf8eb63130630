desc "-l lists raw tracepoints as rawtracepoint:MODULE:EVENT; a pattern without a module matches the event in any module, one with a module wildcard the modules"
oneshot
opts -l 'rawtracepoint:sched_sw*'
expect <<'EOF2'
rawtracepoint:vmlinux:sched_swap_numa
rawtracepoint:vmlinux:sched_switch
EOF2
check_case() {
	local out
	out=$("$SONDE" -l 'rt:vm*:sched_switch') || return 1
	[ "$out" = "rawtracepoint:vmlinux:sched_switch" ] || { echo "rt:vm*:sched_switch listed: $out"; return 1; }
	out=$("$SONDE" -l 'rawtracepoint:vmlinux:sys_e*') || return 1
	[ "$out" = "$(printf 'rawtracepoint:vmlinux:sys_enter\nrawtracepoint:vmlinux:sys_exit')" ] || { echo "vmlinux:sys_e* listed: $out"; return 1; }
	out=$("$SONDE" -l 'rawtracepoint:*' | grep -vc '^rawtracepoint:[a-z0-9_]*:[a-z0-9_]*$')
	[ "$out" = 0 ] || { echo "$out names not of the form rawtracepoint:MODULE:EVENT"; return 1; }
}
