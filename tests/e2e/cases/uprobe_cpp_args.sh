desc "args of a C++ method from DWARF (found by its mangled name through the declaration): this and the parameters, a private member through args.this; -lv lists them"
prog <<'EOF2'
uprobe:{{PROGS}}/cxx:cpp:"sonde::Counter::add(long)" /comm == "sonde_wl"/ {
	printf("n=%d total=%d\n", args.n, args.this->total);
	@ = sum(args.n);
}
uprobe:{{PROGS}}/cxx:sonde_cxx_done /comm == "sonde_wl"/ { exit(); }
EOF2
workload cxx 3
expect <<'EOF2'
n=10 total=1
n=20 total=13
n=30 total=36
@: 60
EOF2
check_case() {
	local out p=$PROGS/cxx
	out=$("$SONDE" -lv "uprobe:$p:cpp:sonde::Counter::add")
	[ "$out" = "$(printf 'uprobe:%s:cpp:"%s"\n    %s\n    %s\nuprobe:%s:cpp:"%s"\n    %s\n    %s' \
		"$p" 'sonde::Counter::add(int)' 'class Counter* const this' 'int n' \
		"$p" 'sonde::Counter::add(long)' 'class Counter* const this' 'long int n')" ] ||
		{ echo "-lv listed: $out"; return 1; }
}
