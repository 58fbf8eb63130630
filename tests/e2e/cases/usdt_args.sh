desc "USDT arguments in registers (sub-registers too), stack memory, a global (%rip) and constants, sign-extended per size"
opts -c '{{PROGS}}/usdt 10'
prog <<'EOF2'
usdt:{{PROGS}}/usdt:sonde:regs { @r0 = sum(arg0); @r1 = sum(arg1); @r2 = sum(arg2); }
usdt:{{PROGS}}/usdt:sonde:consts { @c0 = sum(arg0); @c1 = sum(arg1); @c2 = max(arg2); @c3 = min(arg3); }
usdt:{{PROGS}}/usdt:sonde:mem { @m0 = sum(arg0); @m1 = sum(arg1); @m2 = sum(arg2); }
usdt:{{PROGS}}/usdt:sonde:sized { @s0 = sum(arg0); @s1 = sum(arg1); @s2 = sum(arg2); @s3 = sum(arg3); }
EOF2
# k = 1..10: regs(k, -k, 3k); consts(5, -7, INT64_MAX, (char)-1); mem(-k, 1000k, g) with
# g = k(k+1)/2 (a running total); sized((char)-k, (short)-k, (int)-k, (unsigned)k).
# The workload prints "guarded 0": nothing enabled sonde:guarded.
expect <<'EOF2'
guarded 0
@c0: 50
@c1: -70
@c2: 9223372036854775807
@c3: -1
@m0: -55
@m1: 55000
@m2: 220
@r0: 55
@r1: -55
@r2: 165
@s0: -55
@s1: -55
@s2: -55
@s3: 55
EOF2
