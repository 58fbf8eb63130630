desc "USDT probe sonde:tick with two arguments"
prog <<'EOF'
usdt:{{PROGS}}/uprobes:sonde:tick /comm == "sonde_wl"/ { @a = sum(arg0); @b = sum(arg1); }
uprobe:{{PROGS}}/uprobes:sonde_done /comm == "sonde_wl"/ { exit(); }
EOF
workload uprobes 4
expect <<'EOF'
@a: 10
@b: 20
EOF
