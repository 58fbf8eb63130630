desc "three watchpoint:FUNC+arg0 attach points on one block (bpftrace's function_multiattach, watchpoint_multiattach.bt): each function's own address, one store each: count=3"
opts -c '{{PROGS}}/watchfn wildcard 21'
script watchpoint_multiattach.bt
expect <<'EOF2'
count=3
@count: 3
EOF2
