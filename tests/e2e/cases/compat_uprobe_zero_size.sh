desc "a uprobe on a function whose symbol has size 0 (_init) is refused without --unsafe, as bpftrace's probe runtime tests uprobe_zero_size; --unsafe attaches it"
oneshot
status 1
prog 'uprobe:{{PROGS}}/uprobes:_init { printf("arg0: %d\n", arg0); exit(); }'
expect <<'EOF2'
EOF2
expect_stderr "error: cannot tell where _init ends in {{PROGS}}/uprobes: its symbol has size 0 (--unsafe attaches anyway; a breakpoint inside an instruction would corrupt the process)"
check_case() {
	local err
	err=$("$SONDE" --unsafe --dry-run -e "uprobe:$PROGS/uprobes:_init { exit(); }" 2>&1) ||
		{ echo "--unsafe did not attach _init: $err"; return 1; }
	case $err in *"Attached 1 probe"*) ;; *) echo "--unsafe: $err"; return 1 ;; esac
}
