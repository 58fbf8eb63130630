desc "uprobe arguments (sonde_add(k, 2k) for k = 1..10)"
prog <<'EOF'
uprobe:{{PROGS}}/uprobes:sonde_add /comm == "sonde_wl"/ { @a = sum(arg0); @b = sum(arg1); @n = count(); }
uprobe:{{PROGS}}/uprobes:sonde_done /comm == "sonde_wl"/ { exit(); }
EOF
workload uprobes 10
expect <<'EOF'
@a: 55
@b: 110
@n: 10
EOF
