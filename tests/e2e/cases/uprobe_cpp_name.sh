desc "uprobe:BIN:cpp:\"NS::CLASS::METHOD\": a demangled name without parameters attaches to every overload; func and probe name each one demangled"
prog <<'EOF2'
uprobe:{{PROGS}}/cxx:cpp:"sonde::Counter::add" /comm == "sonde_wl"/ { @[func, probe] = sum(arg1); }
uprobe:{{PROGS}}/cxx:sonde_cxx_done /comm == "sonde_wl"/ { exit(); }
EOF2
workload cxx 3
expect_stderr 'Attached 3 probes'
expect_sorted <<'EOF2'
@[sonde::Counter::add(int), uprobe:{{PROGS}}/cxx:cpp:"sonde::Counter::add(int)"]: 6
@[sonde::Counter::add(long), uprobe:{{PROGS}}/cxx:cpp:"sonde::Counter::add(long)"]: 60
EOF2
