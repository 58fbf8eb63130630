desc "bpftrace's runtime tests complex_types: arrays of structs inside a struct read through a uprobe argument, copied into variables and maps, map keys of them, typed let of a struct pointer (a user pointer in a uprobe), a pointer to a pointer; -c given after the script file"
script complex_types.bt
args -c '{{PROGS}}/structs'
expect <<'EOF2'
100 102 104 106 108 -- 1 3 5 7 9 -- 100 98 96 94 92
100 102 104 106 108 -- 1 3 5 7 9 -- 100 98 96 94 92 -- 42
100 102 104 106 108
123
EOF2
