desc "bpftrace's runtime tests usdt 'quoted probe name': a quoted part of an attach point takes \\\" for a quote, so usdt:FILE:test:\"\\\"probe1\\\"\" names the probe \"probe1\", quotes included; listing shows the name as it is"
opts -c '{{PROGS}}/usdt_quoted 3'
prog <<'EOF2'
usdt:{{PROGS}}/usdt_quoted:test:"\"probe1\"" { printf("%d %s\n", arg0, probe); }
EOF2
expect <<'EOF2'
1 usdt:{{PROGS}}/usdt_quoted:test:"probe1"
2 usdt:{{PROGS}}/usdt_quoted:test:"probe1"
3 usdt:{{PROGS}}/usdt_quoted:test:"probe1"
EOF2
check_case() {
	local out
	out=$("$SONDE" -l "usdt:$PROGS/usdt_quoted:*")
	[ "$out" = "usdt:$PROGS/usdt_quoted:test:\"probe1\"" ] || { echo "listed: $out"; return 1; }
}
