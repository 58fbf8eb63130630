desc "a USDT probe with two call sites: both attached, each reading its own argument location"
opts -c '{{PROGS}}/usdt 10'
prog 'usdt:{{PROGS}}/usdt:sonde:site { @[probe] = count(); @sum = sum(arg0); }'
# site_a(k) fires k, site_b(k) fires 100k
expect <<'EOF2'
guarded 0
@[usdt:{{PROGS}}/usdt:sonde:site]: 20
@sum: 5555
EOF2
check_case() {
	grep -q '^Attached 2 probes$' "$STDERR" || { echo "expected 'Attached 2 probes' (two call sites)"; return 1; }
}
