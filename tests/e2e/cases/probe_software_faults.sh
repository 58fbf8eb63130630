desc "software:page-faults:1 counts every fault of 100 fresh pages"
prog <<'EOF'
software:page-faults:1 /comm == "sonde_wl"/ { @f = count(); }
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }
EOF
workload syscalls faults 100
expect_regex '@f: [0-9]+'
check_case() {
	local n
	n=$(sed -n 's/^@f: //p' "$STDOUT")
	[ "${n:-0}" -ge 100 ] || { echo "only ${n:-0} faults"; return 1; }
}
