desc "printf(\"%s\", ustack(3)): three frames, 8 spaces in, leaf first"
prog <<'EOF2'
profile:hz:99 /comm == "sonde_wl"/ { printf("%s", ustack(3)); exit(); }
EOF2
workload hot 500
expect_regex <<'EOF2'
 {8}(hot|cold)_spin\+[0-9]+
 {8}run_work\+[0-9]+
 {8}main\+[0-9]+
EOF2
