desc "bpftrace's runtime tests dwarf 'parse stripped debuginfo': a binary whose DWARF was moved to a separate debug file (objcopy --only-keep-debug, --strip-debug) has its args typed from that file, found by build-id under --debuginfo DIR (given after -lv's pattern too) or through its .gnu_debuglink next to it; a function's other ELF name (an alias) finds its DWARF by address"
oneshot
opts -lv 'uprobe:{{PROGS}}/uprobe_dwarf:sonde_function1'
expect <<'EOF2'
uprobe:{{PROGS}}/uprobe_dwarf:sonde_function1
    int* n
    char c
EOF2
check_case() {
	local out id bin=$WORK/uprobe_dwarf-stripped dbg=$WORK/debug
	id=$(readelf -n "$PROGS/uprobe_dwarf" | awk '/Build ID/ { print $3 }')
	[ -n "$id" ] || { echo "uprobe_dwarf has no build-id"; return 1; }
	mkdir -p "$dbg/.build-id/${id:0:2}" || return 1
	objcopy --only-keep-debug "$PROGS/uprobe_dwarf" "$dbg/.build-id/${id:0:2}/${id:2}.debug" || return 1
	objcopy --strip-debug "$PROGS/uprobe_dwarf" "$bin" || return 1
	out=$("$SONDE" -lv "uprobe:$bin:sonde_function2" 2>&1)
	[ "$out" = "uprobe:$bin:sonde_function2" ] || { echo "without its debug file -lv listed: $out"; return 1; }
	out=$("$SONDE" -lv "uprobe:$bin:sonde_function2" --debuginfo="$dbg" 2>&1)
	[ "$out" = "$(printf 'uprobe:%s:sonde_function2\n    struct Foo* foo1' "$bin")" ] ||
		{ echo "--debuginfo DIR: -lv listed: $out"; return 1; }
	out=$("$SONDE" --debuginfo "$dbg" -c "$bin 1" \
		-e "uprobe:$bin:sonde_function1 { printf(\"%c %d\n\", args.c, *args.n); exit(); }" 2>&1)
	case $out in *"x 13"*) ;; *) echo "--debuginfo DIR: args printed: $out"; return 1 ;; esac
	# the debug file next to the binary, named by its .gnu_debuglink
	objcopy --only-keep-debug "$PROGS/uprobe_dwarf" "$WORK/ud.debug" || return 1
	objcopy --strip-debug --add-gnu-debuglink="$WORK/ud.debug" "$PROGS/uprobe_dwarf" "$WORK/linked" || return 1
	out=$("$SONDE" -c "$WORK/linked 1" \
		-e "uprobe:$WORK/linked:sonde_function2 { printf(\"%s\n\", args.foo1->b); exit(); }" 2>&1)
	case $out in *hello*) ;; *) echo "debuglink: args printed: $out"; return 1 ;; esac
	# another ELF name of a function DWARF describes under its own (glibc's malloc, __libc_malloc)
	out=$("$SONDE" -lv "uprobe:$bin:sonde_alias_of_function1" --debuginfo="$dbg" 2>&1)
	[ "$out" = "$(printf 'uprobe:%s:sonde_alias_of_function1\n    int* n\n    char c' "$bin")" ] ||
		{ echo "an alias: -lv listed: $out"; return 1; }
	out=$("$SONDE" -l 'tracepoint:syscalls:sys_enter_getpp*' --debuginfo 2>&1)
	case $out in *"'--debuginfo' needs a directory"*) ;; *) echo "--debuginfo without a directory: $out"; return 1 ;; esac
}
