desc "tseries() on the oldest kernel sonde supports: bpf_ktime_get_tai_ns and the ring's bounded slot pointer pass 6.1's verifier"
prog <<'EOF2'
tracepoint:syscalls:sys_enter_write /comm == "sonde_wl"/ {
	@sum = tseries(args.count, 1000000s, 3, "sum");
	@last[args.count % 2] = tseries(args.count, 1000000s, 700);
}
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }
EOF2
workload syscalls write 10
expect_regex <<'EOF2'
@last\[0\]:
                   9                                                  11
hh:mm:ss\.ns        \|___________________________________________________\|
[0-2][0-9]:[0-5][0-9]:[0-6][0-9]\.000000000 \|                         \*                         \| 10
                   v___________________________________________________v
                   9                                                  11
@last\[1\]:
                   8                                                  10
hh:mm:ss\.ns        \|___________________________________________________\|
[0-2][0-9]:[0-5][0-9]:[0-6][0-9]\.000000000 \|                         \*                         \| 9
                   v___________________________________________________v
                   8                                                  10
@sum:
                   54                                                 56
hh:mm:ss\.ns        \|___________________________________________________\|
[0-2][0-9]:[0-5][0-9]:[0-6][0-9]\.000000000 \|                         \*                         \| 55
                   v___________________________________________________v
                   54                                                 56
EOF2
