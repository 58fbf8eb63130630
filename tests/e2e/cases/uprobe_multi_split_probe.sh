desc "a uprobe wildcard using probe and func: one program and one uprobe_multi link, the names taken by attach cookie; the refused functions are skipped with a warning"
workload_first
workload uprobes 2
opts -v -p '{{WL_PID}}'
prog 'uprobe:{{PROGS}}/uprobes:locked_* { @[probe] = count(); @f[func] = count(); if (probe == "uprobe:{{PROGS}}/uprobes:locked_b") { @b++; } }'
expect <<'EOF2'
@[uprobe:{{PROGS}}/uprobes:locked_a]: 2
@[uprobe:{{PROGS}}/uprobes:locked_b]: 2
@[uprobe:{{PROGS}}/uprobes:locked_c]: 2
@b: 2
@f[locked_a]: 2
@f[locked_b]: 2
@f[locked_c]: 2
EOF2
expect_stderr "warning: skipping uprobe:{{PROGS}}/uprobes:locked_inc: the kernel cannot place a uprobe on that instruction"
expect_stderr "warning: skipping uprobe:{{PROGS}}/uprobes:locked_trap: the kernel cannot place a uprobe on that instruction"
expect_stderr "Attached 3 probes"
check_case() {
	grep -q "loaded in" "$STDERR" || { echo "no -v timing"; return 1; }
	# one program for the five functions: -d bpf prints a header a program
	local n
	n=$("$SONDE" -d bpf -e "uprobe:$PROGS/uprobes:locked_* { @[probe] = count(); @f[func] = count(); }" 2>/dev/null |
		grep -c '^uprobe:')
	[ "$n" = 1 ] || { echo "$n programs for the wildcard, want 1"; return 1; }
}
