desc "dw_ustack with -p and a library loaded after sonde read the process's table (the row map keeps room for more rows than the table had)"
LIB=${WORK:-/tmp}/libsondelib.so
[ -n "${WORK:-}" ] && cc -shared -fPIC -O2 -fomit-frame-pointer -g -o "$LIB" "$ROOT/tests/progs/lib/sondelib.c"
workload_first
workload nofp 1 300 "$LIB"
opts -p "{{WL_PID}}"
prog <<EOF2
config = { unstable_dw_ustack = enable }
uprobe:$LIB:sondelib_add { @[dw_ustack(3)] = count(); }
uprobe:{{PROGS}}/nofp:nofp_done { exit(); }
EOF2
expect_regex <<'EOF2'
@\[
 {8}sondelib_add\+0
 {8}nofp_lib\+[1-9][0-9]*
 {8}main\+[1-9][0-9]*
\]: 1
EOF2
