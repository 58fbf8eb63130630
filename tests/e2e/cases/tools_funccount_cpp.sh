desc "sonde funccount BINARY:cpp:PATTERN: C++ functions by demangled name, counted under their demangled names"
tool funccount
args '{{PROGS}}/cxx:cpp:sonde::Counter::*'
workload cxx 3
stop sigint
expect_sorted <<'EOF2'
Tracing functions for "{{PROGS}}/cxx:cpp:sonde::Counter::*"... Hit Ctrl-C to end.
FUNC                                    COUNT
sonde::Counter::Counter(long)               1
sonde::Counter::get() const                 1
sonde::Counter::add(int)                    3
sonde::Counter::add(long)                   3
EOF2
