desc "-l 'uprobe:BIN:cpp:PATTERN' lists demangled names, quoted to paste as attach points (a constructor's C1/C2 once); NAME(PARAMS) in quotes lists that overload; C names as they are"
oneshot
opts -l 'uprobe:{{PROGS}}/cxx:cpp:sonde::*'
expect <<'EOF2'
uprobe:{{PROGS}}/cxx:cpp:"sonde::Outer::run(int)"
uprobe:{{PROGS}}/cxx:cpp:"int sonde::apply<int>(int)"
uprobe:{{PROGS}}/cxx:cpp:"int sonde::twice<int>(int)"
uprobe:{{PROGS}}/cxx:cpp:"long sonde::twice<long>(long)"
uprobe:{{PROGS}}/cxx:cpp:"sonde::detail::leaf(int)"
uprobe:{{PROGS}}/cxx:cpp:"sonde::detail::step(int)"
uprobe:{{PROGS}}/cxx:cpp:"sonde::Counter::add(int)"
uprobe:{{PROGS}}/cxx:cpp:"sonde::Counter::add(long)"
uprobe:{{PROGS}}/cxx:cpp:"sonde::Counter::Counter(long)"
uprobe:{{PROGS}}/cxx:cpp:"sonde::Counter::get() const"
EOF2
check_case() {
	local out p=$PROGS/cxx
	out=$("$SONDE" -l "uprobe:$p:cpp:\"sonde::Counter::add(long)\"")
	[ "$out" = "uprobe:$p:cpp:\"sonde::Counter::add(long)\"" ] || { echo "NAME(PARAMS) listed: $out"; return 1; }
	out=$("$SONDE" -l "uprobe:$p:cpp:*add")
	[ "$out" = "$(printf 'uprobe:%s:cpp:"%s"\nuprobe:%s:cpp:"%s"' "$p" 'sonde::Counter::add(int)' "$p" 'sonde::Counter::add(long)')" ] ||
		{ echo "cpp:*add listed: $out"; return 1; }
	out=$("$SONDE" -l "uprobe:$p:cpp:sonde_cxx_*")
	[ "$out" = "uprobe:$p:cpp:sonde_cxx_done" ] || { echo "a C name listed: $out"; return 1; }
	# without cpp: the symbols as they are, as bpftrace lists them
	out=$("$SONDE" -l "uprobe:$p:_ZN5sonde7Counter*")
	[ "$(printf '%s\n' "$out" | head -1)" = "uprobe:$p:_ZN5sonde7Counter3addEi" ] || { echo "mangled names listed: $out"; return 1; }
}
