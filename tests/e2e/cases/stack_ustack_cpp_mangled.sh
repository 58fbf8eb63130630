desc "config cpp_demangle = false (bpftrace's), or BPFTRACE_CPP_DEMANGLE=false over the config block: usym(), func and ustack keep the mangled names"
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
check_case() {
	local out p=$PROGS/cxx
	# the environment says the same (and wins over a config block, as in bpftrace)
	out=$(BPFTRACE_CPP_DEMANGLE=false "$SONDE" -q -e "config = { cpp_demangle = true }
		uprobe:$p:cpp:sonde::detail::leaf /comm == \"$WL_COMM\" && arg0 == 1/ { printf(\"%s\\n\", func); }
		uprobe:$p:sonde_cxx_done /comm == \"$WL_COMM\"/ { exit(); }" -c "$p 1")
	[ "$out" = "_ZN5sonde6detail4leafEi" ] || { echo "BPFTRACE_CPP_DEMANGLE=false: func is '$out'"; return 1; }
}
