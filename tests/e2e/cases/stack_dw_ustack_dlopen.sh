desc "dw_ustack through a library the process loads later (dlopen): sonde sees the new executable mapping (it looks every 200 ms) and loads a new table into the row map's other half; the workload waits a second before calling into the library, built without frame pointers"
# The library is built into this case's work directory (WORK is unset when listing cases).
LIB=${WORK:-/tmp}/libsondelib.so
[ -n "${WORK:-}" ] && cc -shared -fPIC -O2 -fomit-frame-pointer -g -o "$LIB" "$ROOT/tests/progs/lib/sondelib.c"
opts -c "{{PROGS}}/nofp 1 300 $LIB"
prog <<EOF2
config = { unstable_dw_ustack = enable }
uprobe:$LIB:sondelib_add { print(dw_ustack(4)); exit(); }
EOF2
expect_regex <<'EOF2'
 {8}sondelib_add\+0
 {8}nofp_lib\+[1-9][0-9]*
 {8}main\+[1-9][0-9]*
 {8}__libc_start_call_main\+[1-9][0-9]*
EOF2
