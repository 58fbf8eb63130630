desc "kstack at sched_switch: the scheduler's frames, named from kallsyms with offsets"
prog <<'EOF2'
tracepoint:sched:sched_switch /comm == "sonde_wl"/ { @[kstack] = count(); @k[kstack(perf, 2)] = count(); }
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }
EOF2
workload syscalls nanosleep 5 1000000
check_case() {
	grep -Eq '^ {8}__schedule\+[0-9]+$' "$STDOUT" || { echo "no __schedule frame"; cat "$STDOUT"; return 1; }
	grep -Eq '^ {8}schedule\+[0-9]+$' "$STDOUT" || { echo "no schedule frame"; return 1; }
	grep -Eq '^ {8}do_nanosleep\+[0-9]+$' "$STDOUT" || { echo "no do_nanosleep frame"; return 1; }
	# perf mode: a tab, the address in hex, the symbol
	grep -Pq '^\t[0-9a-f]{16} __schedule\+[0-9]+$' "$STDOUT" || { echo "no perf-mode __schedule line"; return 1; }
	if grep -q 'stack lost' "$STDOUT"; then echo "stacks were lost"; return 1; fi
}
