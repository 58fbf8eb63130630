desc "sonde fileslower -p PID 0: every write of the workload to a regular file, with its name and size"
tool fileslower
opts -p {{WL_PID}}
args 0
workload_first
workload tools_wl create 2 0
stop sigint
expect_regex <<'EOF2'
Tracing sync read/writes slower than 0 ms
TIME\(s\)  COMM           TID     D BYTES   LAT\(ms\) FILENAME
 +[0-9]+\.[0-9]{3} sonde_wl +{{WL_PID}} +W 4 +[0-9]+\.[0-9]{3} sonde_fl_0
 +[0-9]+\.[0-9]{3} sonde_wl +{{WL_PID}} +W 4 +[0-9]+\.[0-9]{3} sonde_fl_1
EOF2
