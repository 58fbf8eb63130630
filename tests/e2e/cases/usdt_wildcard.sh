desc "usdt:BINARY:PROVIDER:GLOB and usdt:BINARY:* expand over a binary's probes"
opts -c '{{PROGS}}/usdt 2'
prog <<'EOF2'
usdt:{{PROGS}}/usdt:sonde:s* { @[probe] = count(); }
usdt:{{PROGS}}/usdt:* { @all = count(); }
EOF2
# per k: regs, consts, mem, sized, site twice, and guarded (attaching usdt:BINARY:* enables it)
expect <<'EOF2'
guarded 2
@[usdt:{{PROGS}}/usdt:sonde:sized]: 2
@[usdt:{{PROGS}}/usdt:sonde:site]: 4
@all: 14
EOF2
