desc "print(@ts, 0, 100) draws on the given range; clear() removes a time series, zero() leaves it without data"
prog <<'EOF2'
tracepoint:syscalls:sys_enter_write /comm == "sonde_wl"/ {
	@s = tseries(args.count, 1000000s, 3, "sum");
	@z = tseries(args.count, 1000000s, 3);
	@c = tseries(1, 1000000s, 3);
}
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { print(@s, 0, 100); clear(@s); zero(@z); exit(); }
EOF2
workload syscalls write 10
T='[0-2][0-9]:[0-5][0-9]:[0-6][0-9]\.000000000'
H='hh:mm:ss\.ns        \|___________________________________________________\|'
B='                   v___________________________________________________v'
expect_regex <<EOF2
@s:
                   0                                                 100
$H
$T \|                           \*                       \| 55
$B
                   0                                                 100
@c:
                   0                                                   2
$H
$T \|                         \*                         \| 1
$B
                   0                                                   2
@z:
<no data>
EOF2
