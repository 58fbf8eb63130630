desc "uprobe arg0/arg1 and uretprobe retval of a function called a known number of times (-c)"
opts -c '{{PROGS}}/uprobes 10'
prog <<'EOF2'
uprobe:{{PROGS}}/uprobes:sonde_add { @calls = count(); @a = sum(arg0); @b = sum(arg1); @max = max(arg1); }
uretprobe:{{PROGS}}/uprobes:sonde_add { @ret = sum(retval); @rets = count(); }
EOF2
# sonde_add(k, 2k) for k = 1..10 returns 3k
expect <<'EOF2'
@a: 55
@b: 110
@calls: 10
@max: 20
@ret: 165
@rets: 10
EOF2
