desc "bpftrace's runtime tests dwarf 'uprobe source location': uprobe:BIN@FILE:LINE probes the address DWARF's line table gives a source line (the lowest statement of it); the line that opens a function is its entry (same address, args known there), lines in branches fire as often as the branch runs; FILE may be a path's tail; BIN@FILE:LINE:COL (bpftrace 0.26) a statement's column"
opts -c '{{PROGS}}/srcline 5'
prog <<'EOF2'
uprobe:{{PROGS}}/srcline@srcline.c:21 { @line = reg("ip"); @k[probe] = sum(args.k); }
uprobe:{{PROGS}}/srcline:srcline_step { @func = reg("ip"); }
uprobe:{{PROGS}}/srcline@srcline.c:23 { @odd = count(); }
uprobe:{{PROGS}}/srcline@srcline.c:23:3 { @oddcol[probe] = count(); }
uprobe:{{PROGS}}/srcline@progs/srcline.c:25 { @even[probe] = count(); }
uprobe:{{PROGS}}/srcline:srcline_done { printf("entry %s\n", @line == @func ? "same" : "differs"); delete(@line); delete(@func); exit(); }
EOF2
expect <<'EOF2'
entry same
@even[uprobe:{{PROGS}}/srcline@progs/srcline.c:25]: 2
@k[uprobe:{{PROGS}}/srcline@srcline.c:21]: 15
@odd: 3
@oddcol[uprobe:{{PROGS}}/srcline@srcline.c:23:3]: 3
EOF2
check_case() {
	local out
	out=$("$SONDE" -e "uprobe:$PROGS/srcline@srcline.c:12 { exit(); }" 2>&1)
	case $out in *"no code at srcline.c:12 in $PROGS/srcline"*) ;; *) echo "a line without code: $out"; return 1 ;; esac
	out=$("$SONDE" -e "uprobe:$PROGS/srcline@srcline.c:23:4 { exit(); }" 2>&1)
	case $out in *"no code at srcline.c:23:4 in $PROGS/srcline"*) ;; *) echo "a column without a statement: $out"; return 1 ;; esac
	out=$("$SONDE" -e "uprobe:$PROGS/srcline@srcline.c:23 { print(args); exit(); }" 2>&1)
	case $out in *"args are only known at a function's entry"*) ;; *) echo "args inside a function: $out"; return 1 ;; esac
}
