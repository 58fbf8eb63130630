desc "config missing_probes = warn skips a block whose only kprobe, fentry, raw tracepoint or uprobe function is missing, saying so, and the rest runs (bpftrace's regression test async_id_invalid_probe_expansion); ignore says nothing; all blocks missing is an error"
prog <<'EOF2'
config = { missing_probes = warn }
kprobe:zzzzz_sonde { probe; printf("asdf\n") }
uprobe:{{PROGS}}/uprobes:no_such_function { @never = 1; }
begin { printf("_%s_\n", "success"); exit() }
EOF2
oneshot
expect '_success_'
expect_stderr "warning: kprobe:zzzzz_sonde: no kernel function named 'zzzzz_sonde': skipped"
expect_stderr "warning: no function 'no_such_function' in {{PROGS}}/uprobes: skipped"
check_case() {
	local err
	err=$("$SONDE" -e 'config = { missing_probes = ignore } fentry:zzzzz_sonde { } rawtracepoint:zzzzz_sonde { } begin { exit(); }' 2>&1) ||
		{ echo "ignore: $err"; return 1; }
	case $err in *warning*) echo "ignore warned: $err"; return 1 ;; esac
	err=$("$SONDE" -e 'config = { missing_probes = warn } kprobe:zzzzz_sonde { } rawtracepoint:zzzzz_sonde { }' 2>&1) &&
		{ echo "all blocks missing was accepted"; return 1; }
	case $err in *"error: attachment failed for all probes"*) ;; *) echo "all missing: $err"; return 1 ;; esac
	err=$("$SONDE" -e 'kprobe:zzzzz_sonde { } begin { exit(); }' 2>&1) && { echo "missing kprobe without config accepted"; return 1; }
	return 0
}
