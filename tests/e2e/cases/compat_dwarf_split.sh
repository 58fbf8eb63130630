desc "bpftrace's runtime tests dwarf 'parse DWO debuginfo': a binary built with -gsplit-dwarf keeps its DWARF in a .dwo file beside it, which libdw reads through the skeleton unit: -lv lists the parameters, args reads them, casts find its structs, and source lines still probe (the line table stays in the binary)"
oneshot
opts -lv 'uprobe:{{PROGS}}/uprobe_dwarf:sonde_function2'
expect <<'EOF2'
uprobe:{{PROGS}}/uprobe_dwarf:sonde_function2
    struct Foo* foo1
EOF2
check_case() {
	local out bin=$WORK/uprobe_dwarf-split
	(cd "$WORK" && cc -O1 -g -gsplit-dwarf -o "$bin" "$ROOT/tests/progs/uprobe_dwarf.c" &&
		cc -O1 -g -gsplit-dwarf -o "$WORK/srcline-split" "$ROOT/tests/progs/srcline.c") || return 1
	ls "$WORK"/*.dwo >/dev/null 2>&1 || { echo "no .dwo file was written"; return 1; }
	out=$("$SONDE" -lv "uprobe:$bin:sonde_function1" 2>&1)
	[ "$out" = "$(printf 'uprobe:%s:sonde_function1\n    int* n\n    char c' "$bin")" ] ||
		{ echo "-lv listed: $out"; return 1; }
	out=$("$SONDE" -q -c "$bin 1" -e "uprobe:$bin:sonde_function1 { printf(\"%c %d\n\", args.c, *args.n); }
		uprobe:$bin:sonde_function2 { printf(\"%s %d\n\", args.foo1->b, ((struct Foo *)arg0)->c[2]); exit(); }" 2>&1)
	[ "$out" = "$(printf 'x 13\nhello 3')" ] || { echo "args printed: $out"; return 1; }
	out=$("$SONDE" -q -c "$WORK/srcline-split 3" -e "uprobe:$WORK/srcline-split@srcline.c:23 { @odd = count(); }" 2>&1)
	case $out in *"@odd: 2"*) ;; *) echo "a source line printed: $out"; return 1 ;; esac
}
