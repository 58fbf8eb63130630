desc "unwatch(addr) detaches the watchpoint: the first store is counted, the three after a pause are not; asyncwatchpoint, rw, -c"
opts -c '{{PROGS}}/syscalls poke 1 pause 500 poke 3'
prog <<'EOF2'
asyncwatchpoint:0x10000000:8:wr { @hits = count(); @p = probe; unwatch(0x10000000); }
tracepoint:syscalls:sys_enter_getpid /comm == "sonde_wl"/ { @getpid = count(); }
EOF2
expect <<'EOF2'
@getpid: 4
@hits: 1
@p: asyncwatchpoint:0x10000000:8:rw
EOF2
