desc "-l 'usdt:BINARY:*' lists a binary's USDT probes; a provider glob filters them"
oneshot
opts -l 'usdt:{{PROGS}}/usdt:sonde:g*'
expect 'usdt:{{PROGS}}/usdt:sonde:guarded'
