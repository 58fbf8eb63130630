desc "a map declared with hash(N) warns, naming its declared size, when a key past N is dropped"
prog <<'EOF2'
let @m = hash(2);
tracepoint:syscalls:sys_enter_write /comm == "sonde_wl"/ { @m[args.count] = args.count * 10; }
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }
EOF2
workload syscalls write 3
expect <<'X'
@m[1]: 10
@m[2]: 20
X
expect_stderr 'WARNING: map @m is full (2 keys, as declared): new keys are being dropped'
