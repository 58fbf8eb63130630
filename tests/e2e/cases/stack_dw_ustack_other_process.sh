desc "dw_ustack in a process whose unwind table is not loaded (--dwarf-pid names another): bpftrace's run-time warning 'No DWARF unwind data available for this process', once, and the frame-pointer walk instead (its first frame is the probe's pc, named or not: the workload is gone when it prints)"
# the runner's shell: a process sonde can read, but not the one traced
opts --dwarf-pid $$
prog <<'EOF2'
config = { unstable_dw_ustack = enable }
tracepoint:syscalls:sys_enter_getppid /comm == "sonde_wl"/ { @[dw_ustack(1)] = count(); }
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }
EOF2
workload syscalls getppid 3
expect_regex <<'EOF2'
@\[
 {8}(((__)?getppid|syscall)\+[1-9][0-9]*|0x[0-9a-f]+)
\]: 3
EOF2
check_case() {
	local n
	n=$(grep -c "No DWARF unwind data available for this process" "$STDERR")
	[ "$n" = 1 ] || { echo "the warning came $n times, not once:"; cat "$STDERR"; return 1; }
}
