desc "uprobes in a shared library by path, placed before the program loads it (-c)"
# The library is built into this case's work directory (WORK is unset when listing cases).
LIB=${WORK:-/tmp}/libsondelib.so
[ -n "${WORK:-}" ] && cc -shared -fPIC -O1 -g -o "$LIB" "$ROOT/tests/progs/lib/sondelib.c"
opts -c "{{PROGS}}/uprobe_lib $LIB 10"
prog <<EOF2
uprobe:$LIB:sondelib_add { @a = sum(arg0); @[probe] = count(); }
uretprobe:$LIB:sondelib_add { @ret = sum(retval); }
EOF2
expect <<EOF2
@[uprobe:$LIB:sondelib_add]: 10
@a: 55
@ret: 165
EOF2
