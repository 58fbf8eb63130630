desc "unwatch() in a watchpoint:FUNC+arg0 block (bpftrace's unwatch, watchpoint_unwatch.bt): the store in bump is caught, the 4 after a pause are not: count=1"
opts -c '{{PROGS}}/watchfn unwatch 500'
script watchpoint_unwatch.bt
expect <<'EOF2'
hello world
count=1
@count: 1
EOF2
