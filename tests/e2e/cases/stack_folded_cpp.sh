desc "-f folded and -o x.svg with C++ stacks: frames demangled (templates, namespaces), so flame graphs read as the source does"
opts -f folded
prog <<'EOF2'
uprobe:{{PROGS}}/cxx:cpp:sonde::detail::leaf /comm == "sonde_wl"/ { @[ustack(4)] = count(); }
uprobe:{{PROGS}}/cxx:sonde_cxx_done /comm == "sonde_wl"/ { exit(); }
EOF2
workload cxx 3 300
expect <<'EOF2'
main;sonde::Outer::run(int);int sonde::apply<int>(int);sonde::detail::leaf(int) 3
EOF2
check_case() {
	local p=$PROGS/cxx svg=$WORK/cxx.svg
	"$SONDE" -q -o "$svg" -e "uprobe:$p:cpp:sonde::detail::leaf /comm == \"$WL_COMM\"/ { @[ustack(4)] = count(); }
		uprobe:$p:sonde_cxx_done /comm == \"$WL_COMM\"/ { exit(); }" -c "$p 3 300" || return 1
	grep -qF '<title>int sonde::apply&lt;int&gt;(int) (3 samples, 100.00%)</title>' "$svg" ||
		{ echo "no apply<int> frame in the SVG:"; grep -o '<title>[^<]*</title>' "$svg"; return 1; }
	grep -qF '<title>sonde::Outer::run(int) (3 samples, 100.00%)</title>' "$svg" ||
		{ echo "no Outer::run frame in the SVG"; return 1; }
}
