desc "examples/opensnoop.bt shows the workload's failed opens"
script examples/opensnoop.bt
workload syscalls openat 2 snoop
stop sigint
check_case() {
	local n
	n=$(grep -Ec "^[0-9]+ +$WL_COMM +-2 /nonexistent/sonde-snoop$" "$STDOUT")
	[ "$n" = 2 ] || { echo "expected 2 lines for the workload's opens, found $n"; return 1; }
	# BEGIN prints the header; other processes' opens may already be queued
	# when it runs, so its place among them is not checked.
	[ "$(grep -Ec '^PID +COMM +FD PATH$' "$STDOUT")" = 1 ] || { echo "no header line"; return 1; }
}
