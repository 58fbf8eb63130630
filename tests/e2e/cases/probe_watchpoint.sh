desc "watchpoint on a user address with -p: one hit per store, in the watched process, probe names the canonical point"
workload_first
workload syscalls poke 5
opts -p '{{WL_PID}}'
prog <<'EOF2'
watchpoint:0x10000000:8:w { @[probe, comm] = count(); }
w:268435456:8:w { @short = count(); }
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }
EOF2
expect <<'EOF2'
@[watchpoint:0x10000000:8:w, sonde_wl]: 5
@short: 5
EOF2
