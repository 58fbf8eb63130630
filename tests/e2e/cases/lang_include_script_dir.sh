desc "a script file's #include \"x.h\" is looked up next to the script, without -I"
oneshot
opts -q
prog 'BEGIN { exit(); }'
check_case() {
	local dir=$WORK/incdir out
	mkdir -p "$dir"
	cp "$ROOT/tests/e2e/scripts/include/wl.h" "$ROOT/tests/e2e/scripts/include/wl_more.h" "$dir/"
	printf '#include "wl.h"\nBEGIN { printf("%%d %%d\\n", sizeof(struct wl_pair), WL_BIG); exit(); }\n' >"$dir/p.bt"
	out=$(cd / && "$SONDE" -q "$dir/p.bt" 2>&1) || { echo "sonde failed: $out"; return 1; }
	[ "$(echo "$out" | sed '/^$/d')" = "16 3" ] || { echo "printed: $out"; return 1; }
}
