desc "uprobe:BIN:cpp:NS::PATTERN*: '*' over demangled names (templates, nested namespaces, a leading '*'); a constructor's C1/C2 aliases attach once; a C++ name without cpp: (bpftrace's older spelling) matches the same way"
prog <<'EOF2'
uprobe:{{PROGS}}/cxx:cpp:sonde::tw* /comm == "sonde_wl"/ { @twice[func] = sum(arg0); }
uprobe:{{PROGS}}/cxx:cpp:sonde::detail::* /comm == "sonde_wl"/ { @detail[func] = count(); }
uprobe:{{PROGS}}/cxx:cpp:*::Counter::Counter /comm == "sonde_wl"/ { @ctor = count(); }
uprobe:{{PROGS}}/cxx:"sonde::Counter::get" /comm == "sonde_wl"/ { @get = count(); }
uprobe:{{PROGS}}/cxx:sonde_cxx_done /comm == "sonde_wl"/ { exit(); }
EOF2
workload cxx 3
expect_stderr 'Attached 7 probes'
expect_sorted <<'EOF2'
@ctor: 1
@get: 1
@detail[sonde::detail::leaf(int)]: 3
@detail[sonde::detail::step(int)]: 3
@twice[int sonde::twice<int>(int)]: 6
@twice[long sonde::twice<long>(long)]: 6
EOF2
