desc "software:cpu-clock:PERIOD samples a busy workload"
prog <<'EOF'
software:cpu-clock:1000000 /comm == "sonde_wl"/ { @s = count(); }
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }
EOF
workload syscalls spin 300
expect_regex '@s: [0-9]+'
check_case() {
	local n
	n=$(sed -n 's/^@s: //p' "$STDOUT")
	# 300 ms busy with a 1 ms period is about 300 samples.
	[ "${n:-0}" -ge 30 ] || { echo "only ${n:-0} samples"; return 1; }
}
