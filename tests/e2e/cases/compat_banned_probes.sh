desc "bpftrace's runtime tests banned_probes: a kretprobe on a spin lock function is refused before anything loads, on any kernel"
oneshot
status 1
prog 'kretprobe:_raw_spin_lock { exit(); }'
expect <<'EOF2'
EOF2
expect_stderr "error: kretprobe:_raw_spin_lock can't be used as it might lock up your system."
check_case() {
	local f out
	for f in queued_spin_lock_slowpath _raw_spin_unlock_irqrestore _raw_spin_lock_irqsave; do
		out=$("$SONDE" -e "kretprobe:$f { exit(); }" 2>&1) && { echo "kretprobe:$f was accepted"; return 1; }
		case $out in *"error: kretprobe:$f can't be used as it might lock up your system."*) ;;
		*) echo "kretprobe:$f: $out"; return 1 ;; esac
	done
}
