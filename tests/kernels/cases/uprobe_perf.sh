desc "uprobes on 6.1, which has no uprobe_multi links: a wildcard and a uretprobe through perf events"
prog "uprobe:${PROGS:-}/uprobes:locked_[abc] { @ = count(); }
uretprobe:${PROGS:-}/uprobes:sonde_add { @ret = sum(retval); }
uprobe:${PROGS:-}/uprobes:sonde_done { exit(); }"
workload uprobes 3
expect <<'EOF2'
@: 9
@ret: 18
EOF2
expect_stderr 'Attached 5 probes'
