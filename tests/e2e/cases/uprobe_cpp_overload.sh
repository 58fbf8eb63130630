desc "uprobe:BIN:cpp:\"NAME(PARAMS)\" attaches to that overload only (uprobe and uretprobe, a const method); the mangled name attaches as before"
prog <<'EOF2'
uprobe:{{PROGS}}/cxx:cpp:"sonde::Counter::add(long)" /comm == "sonde_wl"/ { @long = sum(arg1); @n = count(); }
uretprobe:{{PROGS}}/cxx:cpp:"sonde::Counter::add(long)" /comm == "sonde_wl"/ { @ret = sum(retval); }
uprobe:{{PROGS}}/cxx:cpp:"sonde::Counter::get() const" /comm == "sonde_wl"/ { @get = count(); }
uprobe:{{PROGS}}/cxx:_ZN5sonde7Counter3addEi /comm == "sonde_wl"/ { @mangled[func] = sum(arg1); }
uprobe:{{PROGS}}/cxx:sonde_cxx_done /comm == "sonde_wl"/ { exit(); }
EOF2
workload cxx 3
expect_stderr 'Attached 5 probes'
expect_sorted <<'EOF2'
@get: 1
@long: 60
@mangled[sonde::Counter::add(int)]: 6
@n: 3
@ret: 110
EOF2
