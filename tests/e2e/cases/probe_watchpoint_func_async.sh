desc "asyncwatchpoint:FUNC+argN (bpftrace's async_function_arg_addr): the process is not stopped; the 3 stores after a pause are caught; the probe name says async"
opts -c '{{PROGS}}/watchfn async 3 300'
prog <<'EOF2'
asyncwatchpoint:announce+arg1:4:w { @hits = count(); @p = probe; }
EOF2
expect <<'EOF2'
@hits: 3
@p: asyncwatchpoint:{{PROGS}}/watchfn:announce:4:w
EOF2
