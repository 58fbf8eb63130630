desc "bpftrace's threadsnoop.bt probes libpthread, which glibc 2.34 emptied into libc: refused with the uprobe:libc:pthread_create to use"
prog "$(cat "$BT_TOOLS/threadsnoop.bt")"
lib=$(ldconfig -p | awk '$1 == "libpthread.so.0" { print $NF; exit }')
if [ -n "$lib" ] && nm -D --defined-only "$lib" | grep -q ' pthread_create'; then
	# glibc before 2.34: libpthread has it, and the tool runs
	workload bt_tools threads 3
	stop sigint
	check_case() { grep -qE "^[0-9]+ +[0-9]+ +$WL_COMM +" <"$STDOUT" || { echo "no thread of $WL_COMM"; return 1; }; }
else
	oneshot
	status 1
	expect_stderr "stdin:21:1: error: function 'pthread_create' not found in"
	expect_stderr 'exports it (glibc 2.34 moved libpthread, libdl and librt into libc): uprobe:libc:pthread_create'
	expect_stderr_absent 'Attached'
fi
