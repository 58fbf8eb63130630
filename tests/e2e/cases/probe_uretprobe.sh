desc "uretprobe retval (sonde_add returns 3k)"
prog <<'EOF'
uretprobe:{{PROGS}}/uprobes:sonde_add /comm == "sonde_wl"/ { @r = sum(retval); @mx = max(retval); }
uprobe:{{PROGS}}/uprobes:sonde_done /comm == "sonde_wl"/ { exit(); }
EOF
workload uprobes 10
expect <<'EOF'
@mx: 30
@r: 165
EOF
