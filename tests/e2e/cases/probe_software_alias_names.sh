desc "software event aliases keep their spelling in probe, as bpftrace's AttachPoint::name() (software:cpu:N, software:faults without a count)"
prog <<'EOF2'
software:cpu:1000000,software:cpu-clock:1000000 /comm == "sonde_wl"/ { @cpu[probe] = 1; }
s:faults /comm == "sonde_wl"/ { @faults[probe] = 1; }
software:page-faults:1 /comm == "sonde_wl"/ { @faults[probe] = 1; }
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }
EOF2
workload syscalls spin 300 faults 300
expect <<'EOF2'
@cpu[software:cpu-clock:1000000]: 1
@cpu[software:cpu:1000000]: 1
@faults[software:faults]: 1
@faults[software:page-faults:1]: 1
EOF2
expect_stderr 'Attached 5 probes'
