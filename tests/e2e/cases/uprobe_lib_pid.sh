desc "-p PID: a library named without a path is found in the process's own mappings"
LIB=${WORK:-/tmp}/libsondelib.so
[ -n "${WORK:-}" ] && cc -shared -fPIC -O1 -g -o "$LIB" "$ROOT/tests/progs/lib/sondelib.c"
workload_first
workload uprobe_lib "$LIB" 10
opts -p '{{WL_PID}}'
prog <<'EOF2'
uprobe:libsondelib:sondelib_add { @[probe] = sum(arg1); }
uretprobe:libsondelib:sondelib_add { @ret = sum(retval); }
EOF2
expect <<EOF2
@[uprobe:$LIB:sondelib_add]: 110
@ret: 165
EOF2
