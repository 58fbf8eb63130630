desc "bpftrace's runqlen.bt: a run queue histogram from a profile probe where struct cfs_rq has nr_running; since Linux 6.14 (nr_queued) the one error bpftrace gives too"
prog "$(cat "$BT_TOOLS/runqlen.bt")"
if grep -aq 'h_nr_queued' /sys/kernel/btf/vmlinux; then
	# the script reads cfs_rq->nr_running, renamed nr_queued in 6.14; the struct it
	# defines itself is only for kernels without BTF (#ifndef BPFTRACE_HAVE_BTF)
	oneshot
	status 1
	expect_stderr "stdin:37:9: error: struct cfs_rq has no member 'nr_running'"
	expect_stderr_absent 'undefined variable'
	expect_stderr_absent 'Attached'
else
	workload syscalls spin 300
	stop sigint
	check_case() {
		grep -qx '@runqlen:' <"$STDOUT" || { echo "no @runqlen histogram"; return 1; }
		grep -qE '^\[[0-9]+(\]|, [0-9]+\)) +[0-9]+ \|@* *\|$' <"$STDOUT" || { echo "no histogram rows"; return 1; }
	}
fi
