desc "config cpp_demangle = false (bpftrace's): usym(), func and ustack keep the symbols' mangled names"
prog <<'EOF2'
config = { cpp_demangle = false }
uprobe:{{PROGS}}/cxx:cpp:sonde::detail::leaf /comm == "sonde_wl" && arg0 == 2/ {
	printf("%s|%s|%s", usym(reg("ip")), func, ustack(2));
}
uprobe:{{PROGS}}/cxx:sonde_cxx_done /comm == "sonde_wl"/ { exit(); }
EOF2
workload cxx 3 300
expect_regex <<'EOF2'
_ZN5sonde6detail4leafEi\|_ZN5sonde6detail4leafEi\|
 {8}_ZN5sonde6detail4leafEi\+0
 {8}_ZN5sonde5applyIiEET_S1_\+[0-9]+
EOF2
