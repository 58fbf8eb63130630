desc "^C while watchpoint:FUNC+argN keeps stopping a busy process (-p): sonde detaches and resumes it; it is left running, not stopped"
opts -c '{{PROGS}}/watchfn func 3'
prog <<'EOF2'
watchpoint:increment+arg1:4:w { @hits = count(); }
EOF2
expect <<'EOF2'
@hits: 6
EOF2
check_case() {
	local p s st i
	"$PROGS/watchfn" func 10000000000 &
	p=$!
	"$SONDE" -e 'watchpoint:increment+arg1:4:w { @hits = count(); }' -p "$p" >"$WORK/int.out" 2>"$WORK/int.err" &
	s=$!
	for i in $(seq 100); do
		grep -q Attached "$WORK/int.err" && break
		sleep 0.05
	done
	sleep 0.5
	kill -INT "$s"
	for i in $(seq 100); do
		kill -0 "$s" 2>/dev/null || break
		sleep 0.05
	done
	kill -0 "$s" 2>/dev/null && { kill -KILL "$s" "$p"; echo "sonde did not end on ^C"; return 1; }
	wait "$s"
	sleep 0.2
	st=$(awk '/^State:/ { print $2 }' "/proc/$p/status")
	kill -KILL "$p"
	wait "$p" 2>/dev/null
	[ "$st" = R ] || [ "$st" = S ] || { echo "the process is in state '$st' after ^C"; return 1; }
	grep -Eq '^@hits: [1-9]' "$WORK/int.out" || { echo "no hits before ^C:"; cat "$WORK/int.out" "$WORK/int.err"; return 1; }
}
