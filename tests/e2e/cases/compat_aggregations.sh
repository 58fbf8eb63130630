desc "aggregations as bpftrace's runtime tests aggregations: count, hist, lhist, min/max (negated too), sum, avg, stats over a uprobe's argument 1..100"
workload uprobes 100
prog <<'EOF2'
uprobe:{{PROGS}}/uprobes:sonde_add {
	@cnt = count(); @hist = hist(arg0); @lhist = lhist(arg0, 0, 100, 20);
	@min = min(arg0); @nmin = min(-arg0); @max = max(arg0); @nmax = max(-arg0);
	@sum = sum(arg0); @avg = avg(arg0); @stats = stats(arg0);
}
uprobe:{{PROGS}}/uprobes:sonde_done { exit(); }
EOF2
expect <<'EOF2'
@avg: 50
@cnt: 100
@hist:
[1]                    1 |@                                                   |
[2, 4)                 2 |@@                                                  |
[4, 8)                 4 |@@@@@                                               |
[8, 16)                8 |@@@@@@@@@@@                                         |
[16, 32)              16 |@@@@@@@@@@@@@@@@@@@@@@                              |
[32, 64)              32 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@        |
[64, 128)             37 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|
@lhist:
[0, 20)               19 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@   |
[20, 40)              20 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|
[40, 60)              20 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|
[60, 80)              20 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|
[80, 100)             20 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|
[100, ...)             1 |@@                                                  |
@max: 100
@min: 1
@nmax: -1
@nmin: -100
@stats: { .count = 100, .average = 50, .total = 5050 }
@sum: 5050
EOF2
