desc "bpftrace's runtime tests json-output 'none type': a float or double member of a script's struct keeps its place in the layout but has no value sonde can show, as bpftrace's none type: null in JSON, nothing in text"
opts -f json
workload structs
prog <<'EOF2'
union N { int i; float f; };
struct U { int m; union N n; double d; };
uprobe:{{PROGS}}/structs:sonde_union { print(*((struct U *)arg0)); $u = *((struct U *)arg0); print(($u.m, $u.d)); exit(); }
EOF2
expect <<'EOF2'
{"type": "attached_probes", "count": 1, "data": {"probes": 1}}
{"type": "value", "data": {"m": 2, "n": {"i": 5, "f": null}, "d": null}}
{"type": "value", "data": [2,null]}
EOF2
check_case() {
	local out
	out=$("$SONDE" -q -c "$PROGS/structs" -e 'union N { int i; float f; }; struct U { int m; union N n; double d; };
		uprobe:'"$PROGS"'/structs:sonde_union { print(*((struct U *)arg0)); exit(); }' 2>&1)
	[ "$(echo "$out" | grep -v '^$')" = '{ .m = 2, .n = { .i = 5, .f =  }, .d =  }' ] || { echo "text printed: $out"; return 1; }
}
