desc "SONDE_UPROBE_MULTI=0: uprobes and uretprobes on perf events (as on kernels before 6.6), the refused function skipped the same way"
environ SONDE_UPROBE_MULTI=0
workload_first
workload uprobes 3
opts -p '{{WL_PID}}'
prog <<'EOF2'
uprobe:{{PROGS}}/uprobes:locked_* { @ = count(); }
uretprobe:{{PROGS}}/uprobes:sonde_add { @ret = sum(retval); }
EOF2
expect <<'EOF2'
@: 9
@ret: 18
EOF2
expect_stderr "warning: skipping uprobe:{{PROGS}}/uprobes:locked_inc: the kernel cannot place a uprobe on that instruction"
expect_stderr "Attached 4 probes"
expect_stderr "warning: skipping uprobe:{{PROGS}}/uprobes:locked_trap: the kernel cannot place a uprobe on that instruction"
