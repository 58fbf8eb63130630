desc "-p PID: usdt:* covers the libraries a process maps; a guarded library probe fires (semaphore)"
LIB=${WORK:-/tmp}/libsondelib.so
[ -n "${WORK:-}" ] && cc -shared -fPIC -O1 -g -o "$LIB" "$ROOT/tests/progs/lib/sondelib.c"
workload_first
workload uprobe_lib "$LIB" 10
opts -p '{{WL_PID}}'
prog <<'EOF2'
usdt:*:sondelib:add { @[probe] = count(); @b = sum(arg1); }
usdt:libsondelib:add { @byname = sum(arg0); }
EOF2
expect <<EOF2
@[usdt:$LIB:sondelib:add]: 10
@b: 110
@byname: 55
EOF2
