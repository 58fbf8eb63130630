desc "watchpoint:FUNC+argN ending with exit() at the first hit (bpftrace's function_arg_addr): the process, stopped by later calls of increment, is resumed on detaching and runs to its end"
opts -c '{{PROGS}}/watchfn func 200'
prog <<'EOF2'
watchpoint:increment+arg1:4:w { printf("hit!\n"); exit(); }
EOF2
expect <<'EOF2'
hit!
EOF2
