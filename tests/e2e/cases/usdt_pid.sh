desc "-p PID: USDT probes of a running process, the guarded one included; usdt:PROVIDER:PROBE spelled without a binary"
workload_first
workload usdt 10
opts -p '{{WL_PID}}'
prog <<'EOF2'
usdt::sonde:guarded { @guarded = sum(arg0); }
usdt:{{PROGS}}/usdt:sonde:regs { @regs = sum(arg2); }
EOF2
expect <<'EOF2'
@guarded: 55
@regs: 165
EOF2
