desc "begin runs before the other probes are attached, as bpftrace's (call/printf_llu): an interval's first firing is a whole period after it, and no probe sees the maps before begin set them"
prog <<'EOF3'
BEGIN { @start = nsecs; @ready = 1; }
tracepoint:raw_syscalls:sys_enter /@ready == 0/ { @before_begin = count(); }
interval:s:1 { printf("Elapsed time: %llus\n", (nsecs - @start) / 1000000000); clear(@start); exit(); }
EOF3
expect <<'EOF3'
Elapsed time: 1s
@ready: 1
EOF3
