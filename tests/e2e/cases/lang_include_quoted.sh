desc "#include \"wl.h\" found through -I: its #define, struct, and the enum of the header it includes are the script's (bpftrace's -I DIR)"
opts -I '{{ROOT}}/tests/e2e/scripts/include'
prog <<'EOF2'
#include <linux/sched.h>
#include "wl.h"
tracepoint:syscalls:sys_enter_write /comm == "sonde_wl" && args.count >= WL_MIN_WRITE/ {
	@[args.count >= WL_BIG ? "big" : "small"] = count();
	@size = sizeof(struct wl_pair);
	@off = offsetof(struct wl_pair, b);
}
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }
EOF2
workload syscalls write 4
expect <<'EOF2'
@[small]: 1
@[big]: 2
@off: 8
@size: 16
EOF2
expect_stderr_absent 'warning'
