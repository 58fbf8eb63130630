desc "C++ frames demangled: usym(), func and ustack in a uprobe on a C++ function (a template's return type, a static member, a namespace), perf mode with the module"
prog <<'EOF2'
uprobe:{{PROGS}}/cxx:cpp:sonde::detail::leaf /comm == "sonde_wl" && arg0 == 2/ {
	printf("%s|%s|%s", usym(reg("ip")), func, ustack(4));
	printf("%s", ustack(perf, 1));
}
uprobe:{{PROGS}}/cxx:sonde_cxx_done /comm == "sonde_wl"/ { exit(); }
EOF2
# 300 ms more for the process's mappings to be there when the addresses are named
workload cxx 3 300
expect_regex <<'EOF2'
sonde::detail::leaf\(int\)\|sonde::detail::leaf\(int\)\|
 {8}sonde::detail::leaf\(int\)\+0
 {8}int sonde::apply<int>\(int\)\+[0-9]+
 {8}sonde::Outer::run\(int\)\+[0-9]+
 {8}main\+[0-9]+
	[0-9a-f]+ sonde::detail::leaf\(int\)\+0 \(.*/progs/cxx\)
EOF2
