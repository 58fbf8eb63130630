desc "bpftrace's runtime tests probe (the *_order scripts): blocks on the same uprobe, uretprobe, USDT probe and tracepoint run in script order"
workload uprobes 1
prog <<'EOF2'
uprobe:{{PROGS}}/uprobes:sonde_add { printf("uprobe first"); }
uprobe:{{PROGS}}/uprobes:sonde_add { printf(" second\n"); }
uretprobe:{{PROGS}}/uprobes:sonde_add { printf("uretprobe first"); }
uretprobe:{{PROGS}}/uprobes:sonde_add { printf(" second\n"); }
usdt:{{PROGS}}/uprobes:sonde:tick { printf("usdt first"); }
usdt:{{PROGS}}/uprobes:sonde:tick { printf(" second\n"); }
tracepoint:syscalls:sys_enter_exit_group /comm == "sonde_wl"/ { printf("tracepoint first"); }
tracepoint:syscalls:sys_enter_exit_group /comm == "sonde_wl"/ { printf(" second\n"); exit(); }
EOF2
expect <<'EOF2'
usdt first second
uprobe first second
uretprobe first second
tracepoint first second
EOF2
