desc "tseries() with each aggregation, keyed too: two threads write 1..10 bytes each within one (long) interval"
# One interval of 10^6 s: the burst of writes never straddles two (the chance is ~1e-9).
# Two threads run on both CPUs, so the per-CPU buckets are merged: sum and avg count both.
prog <<'EOF2'
tracepoint:syscalls:sys_enter_write /comm == "sonde_wl"/ {
	@last = tseries(args.count, 1000000s, 3);
	@sum = tseries(args.count, 1000000s, 3, "sum");
	@avg = tseries(args.count, 1000000s, 3, "avg");
	@min = tseries(args.count, 1000000s, 3, "min");
	@max = tseries(args.count, 1000000s, 3, "max");
	@k[args.count % 2] = tseries(args.count, 1000000s, 2, "max");
}
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }
EOF2
workload syscalls -t 2 write 10
# A single row: the unit is nanoseconds (bpftrace takes it from the rows' spacing).
T='[0-2][0-9]:[0-5][0-9]:[0-6][0-9]\.000000000'
G='\|                         \*                         \|'
B='                   v___________________________________________________v'
H='hh:mm:ss\.ns        \|___________________________________________________\|'
expect_regex <<EOF2
@avg:
                   4                                                   6
$H
$T $G 5
$B
                   4                                                   6
@k\[0\]:
                   9                                                  11
$H
$T $G 10
$B
                   9                                                  11
@k\[1\]:
                   8                                                  10
$H
$T $G 9
$B
                   8                                                  10
@last:
                   9                                                  11
$H
$T $G 10
$B
                   9                                                  11
@max:
                   9                                                  11
$H
$T $G 10
$B
                   9                                                  11
@min:
                   0                                                   2
$H
$T $G 1
$B
                   0                                                   2
@sum:
                   109                                               111
$H
$T $G 110
$B
                   109                                               111
EOF2
