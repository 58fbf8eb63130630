desc "config missing_probes: ignore silences a skipped raw tracepoint; a block left with none goes (warn says so) and the others run"
prog <<'EOF2'
config = { missing_probes = "ignore" }
rawtracepoint:sys_enter,rawtracepoint:no_such_tp_xyz /comm == "sonde_wl" && args.id == 110/ { @[probe] = count(); }
rawtracepoint:no_such_tp_a,rawtracepoint:no_such_tp_b { @never = count(); }
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }
EOF2
workload syscalls getppid 2
expect '@[rawtracepoint:vmlinux:sys_enter]: 2'
expect_stderr_absent 'warning'
expect_stderr 'Attached 2 probes'
