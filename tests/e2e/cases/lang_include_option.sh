desc "--include FILE reads the header's C definitions before the script; <name> found in a -I directory is read too; a quoted header found nowhere warns"
opts --include '{{ROOT}}/tests/e2e/scripts/include/wl.h' --include linux/path.h -I '{{ROOT}}/tests/e2e/scripts/include'
prog <<'EOF2'
#include <wl_more.h>
#include "no_such_header.h"
tracepoint:syscalls:sys_enter_write /comm == "sonde_wl" && args.count == WL_BIG/ {
	$p = (struct wl_pair *)0;
	@[WL_MIN_WRITE, WL_SMALL] = count();
}
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }
EOF2
workload syscalls write 4
expect '@[2, WL_SMALL]: 1'
expect_stderr "stdin:2:1: warning: 'no_such_header.h' not found next to the script or in a -I directory"
