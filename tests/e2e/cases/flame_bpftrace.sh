desc "flamegraph: bpftrace map output (multi-line stacks, scalar keys) gives the same graph as its folded form"
oneshot
if [ -n "${WORK:-}" ]; then
	cat >"$WORK/in.txt" <<'IN'
Attaching 2 probes...


@[
    perf_syscall_enter+475
    syscall_trace_enter+384
    do_syscall_64+527
    entry_SYSCALL_64_after_hwframe+118
, 
    __GI___getppid+11
    main+20
    __libc_start_call_main+128
, myprog]: 7
@[
    perf_syscall_enter+475
    do_syscall_64+527
, 
    main+20
    __libc_start_call_main+128
, myprog]: 3
@[
    schedule+20
    do_nanosleep+87
, 
    main+20
, sleep]: 12
@count: 3
IN
	# The same stacks folded by hand: root first, kernel frames marked.
	cat >"$WORK/ref.folded" <<'IN'
myprog;__libc_start_call_main;main;__GI___getppid;entry_SYSCALL_64_after_hwframe_[k];do_syscall_64_[k];syscall_trace_enter_[k];perf_syscall_enter_[k] 7
myprog;__libc_start_call_main;main;do_syscall_64_[k];perf_syscall_enter_[k] 3
sleep;main;do_nanosleep_[k];schedule_[k] 12
IN
fi
opts flamegraph -o '{{OUT}}' in.txt
check_case() {
	grep -q 'skipped 2 lines' "$STDERR" || { echo "stderr does not count 2 skipped lines"; return 1; }
	python3 "$ROOT/tests/browser/flame_svg.py" "$WORK/out" --folded "$WORK/ref.folded"
}
