desc "profile:hz:99 samples a busy workload"
prog <<'EOF'
profile:hz:99 /comm == "sonde_wl"/ { @p = count(); }
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }
EOF
workload syscalls spin 400
expect_regex '@p: [0-9]+'
check_case() {
	local n
	n=$(sed -n 's/^@p: //p' "$STDOUT")
	# 400 ms of one busy thread at 99 Hz is about 40 samples.
	[ "${n:-0}" -ge 5 ] || { echo "only ${n:-0} samples"; return 1; }
}
