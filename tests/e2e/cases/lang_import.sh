desc "import \"x.bt\" found through -I merges its probes, macros and map declarations (its begin first); the .h it imports gives a constant and a struct for a cast"
opts -I '{{ROOT}}/tests/e2e/scripts/import'
prog <<'EOF2'
import "counting.bt";
import "types.h";
begin { printf("main begin %d\n", WL_CALLS); }
tracepoint:syscalls:sys_enter_getppid /is_comm("sonde_wl")/ { @calls = count(); @seen[comm] = 1; }
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ {
	$v = (uint64)0x0000000700000005;
	$pp = (struct wl_pair *)&$v;
	printf("%d %d\n", pair_sum($pp), sizeof(struct wl_pair));
	exit();
}
EOF2
workload syscalls getppid 3
expect <<'EOF2'
counting.bt begin
main begin 3
12 8
@calls: 3
@seen[sonde_wl]: 1
EOF2
