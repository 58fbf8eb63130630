desc "a block whose probes give args different records uses args whole in each, as bpftrace's 'mixed probe args' (builtin): one copy of the block per attach point"
prog <<'EOF3'
uprobe:{{PROGS}}/uprobe_dwarf:sonde_function1, uprobe:{{PROGS}}/uprobe_dwarf:sonde_function2 { $a = args; printf("%s %d\n", func, sizeof($a)); }
uprobe:{{PROGS}}/uprobe_dwarf:sonde_dwarf_done { exit(); }
EOF3
workload uprobe_dwarf 1
expect <<'EOF3'
sonde_function1 16
sonde_function2 8
EOF3
