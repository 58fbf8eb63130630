desc "printf(\"%s\", ustack(3)): three named frames per stack, 8 spaces in, leaf first"
prog <<'EOF2'
profile:hz:99 /comm == "sonde_wl"/ { printf("%s", ustack(3)); exit(); }
EOF2
workload hot 500
check_case() {
	# Samples already taken on other CPUs may print before exit() takes effect.
	grep -v '^$' "$STDOUT" >"$WORK/frames"
	local n
	n=$(wc -l <"$WORK/frames")
	[ "$n" -ge 3 ] && [ $((n % 3)) = 0 ] || { echo "$n frame lines, not a multiple of 3"; cat "$STDOUT"; return 1; }
	if grep -Evq '^ {8}[A-Za-z_][A-Za-z0-9_.]*\+[0-9]+$' "$WORK/frames"; then
		echo "a frame is not '        name+offset':"; cat "$STDOUT"; return 1
	fi
	grep -Eq '^ {8}run_work\+[0-9]+$' "$WORK/frames" || { echo "no run_work frame"; cat "$STDOUT"; return 1; }
}
