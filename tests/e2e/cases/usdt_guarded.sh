desc "a USDT probe guarded by a semaphore fires once sonde attaches (the kernel sets the semaphore)"
opts -c '{{PROGS}}/usdt 10'
prog 'usdt:{{PROGS}}/usdt:sonde:guarded { @n = count(); @sum = sum(arg0); }'
expect <<'EOF2'
guarded 10
@n: 10
@sum: 55
EOF2
