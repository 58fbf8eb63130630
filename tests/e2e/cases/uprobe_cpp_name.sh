desc "uprobe:BIN:cpp:\"NS::CLASS::METHOD\": a demangled name without parameters attaches to every overload; func names each one demangled, probe by its symbol (as bpftrace)"
prog <<'EOF2'
uprobe:{{PROGS}}/cxx:cpp:"sonde::Counter::add" /comm == "sonde_wl"/ { @[func, probe] = sum(arg1); }
uprobe:{{PROGS}}/cxx:sonde_cxx_done /comm == "sonde_wl"/ { exit(); }
EOF2
workload cxx 3
expect_stderr 'Attached 3 probes'
expect_sorted <<'EOF2'
@[sonde::Counter::add(int), uprobe:{{PROGS}}/cxx:_ZN5sonde7Counter3addEi]: 6
@[sonde::Counter::add(long), uprobe:{{PROGS}}/cxx:_ZN5sonde7Counter3addEl]: 60
EOF2
