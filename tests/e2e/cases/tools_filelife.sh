desc "sonde filelife -p PID: two files created and deleted about 0.2 s later"
tool filelife
opts -p {{WL_PID}}
workload_first
workload tools_wl create 2 200
stop sigint
expect_regex <<'EOF2'
TIME     PID     COMM             AGE\(s\)  FILE
[0-9:]{8} {{WL_PID}} +sonde_wl +0\.(19|2[0-9]) /tmp/sonde-wl-[A-Za-z0-9]{6}/sonde_fl_0
[0-9:]{8} {{WL_PID}} +sonde_wl +0\.(19|2[0-9]) /tmp/sonde-wl-[A-Za-z0-9]{6}/sonde_fl_1
EOF2
