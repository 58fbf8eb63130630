desc "self:signal:SIGUSR1 probes run when sonde receives the signal, in script order (bpftrace's probe runtime test signal_order), print probe as named; SIGUSR1 without one prints the maps and goes on, as bpftrace; -l lists them; SIGINT is refused"
oneshot
opts -l 'self:*'
expect <<'EOF2'
self:signal:SIGUSR1
self:signal:SIGUSR2
EOF2
# sonde in the background until "Attached" is on its stderr, then the signal
signal_run() {
	local sig=$1 out=$2; shift 2
	"$SONDE" "$@" >"$out" 2>"$out.err" &
	local pid=$! i
	for i in $(seq 1 500); do
		grep -q '^Attached' "$out.err" && break
		sleep 0.01
	done
	kill -"$sig" "$pid"
	sleep 0.3
	kill -0 "$pid" 2>/dev/null && kill -INT "$pid"
	wait "$pid"
}
check_case() {
	local out=$WORK/sig
	signal_run USR1 "$out" -e 'self:signal:SIGUSR1 { printf("first"); } self:signal:SIGUSR1 { printf(" second %s\n", probe); exit(); }' ||
		{ echo "self probes: sonde failed"; cat "$out.err"; return 1; }
	[ "$(grep -v '^$' "$out")" = "first second self:signal:SIGUSR1" ] || { echo "self probes printed:"; cat "$out"; return 1; }
	signal_run USR2 "$out" -e 'self:signal:USR2 { printf("two\n"); exit(); }' || { echo "USR2: sonde failed"; return 1; }
	[ "$(grep -v '^$' "$out")" = "two" ] || { echo "self:signal:USR2 printed:"; cat "$out"; return 1; }
	# no self probe: SIGUSR1 prints the maps, and the run goes on until ^C prints them again
	signal_run USR1 "$out" -e 'begin { @n = 7; }' -p $$ ||
		{ echo "SIGUSR1 without a self probe: sonde failed"; cat "$out.err"; return 1; }
	[ "$(grep -c '^@n: 7$' "$out")" = 2 ] || { echo "SIGUSR1 did not print the maps (then ^C again):"; cat "$out"; return 1; }
	local err
	err=$("$SONDE" -e 'self:signal:SIGINT { }' 2>&1) && { echo "self:signal:SIGINT accepted"; return 1; }
	case $err in *"a self probe takes SIGUSR1 or SIGUSR2, not 'SIGINT'"*) ;; *) echo "SIGINT: $err"; return 1 ;; esac
}
