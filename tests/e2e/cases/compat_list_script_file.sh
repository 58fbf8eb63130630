desc "sonde -l SCRIPT.bt lists the script's probes, as bpftrace's basic runtime tests; interval probes are named with their units as written (interval:ms:1000, interval:100ms as interval:ms:100); a missing .bt file is taken as a pattern, with a warning"
oneshot
opts -l '{{ROOT}}/tests/e2e/scripts/interval_units.bt'
expect <<'EOF2'
interval:ms:1000
interval:s:1
interval:us:100000
interval:ms:100
EOF2
check_case() {
	local err
	err=$("$SONDE" -l "$WORK/no_such_file.bt" 2>&1 >/dev/null)
	case $err in
	*"warning: '$WORK/no_such_file.bt' looks like a script file, but cannot be read (No such file or directory): taking it as a pattern"*) ;;
	*) echo "no warning for a missing .bt file: $err"; return 1 ;;
	esac
	[ "$("$SONDE" -e 'interval:ms:1000 { print(probe); exit(); }' 2>/dev/null | head -1)" = "interval:ms:1000" ] ||
		{ echo "probe of interval:ms:1000 is not interval:ms:1000"; return 1; }
}
