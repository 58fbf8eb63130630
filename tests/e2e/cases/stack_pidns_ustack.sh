desc "sonde and its -c command in a PID namespace: ustack reads the command's maps under the namespace's pid"
wrap unshare --pid --fork --mount-proc
opts -c '{{PROGS}}/hot 500'
prog 'profile:hz:99 /comm == "sonde_wl"/ { printf("pid %d%s", pid, ustack(3)); exit(); }'
check_case() {
	grep -q '^pid 2' "$STDOUT" || { echo "no 'pid 2' line"; cat "$STDOUT"; return 1; }
	grep -Eq '^ {8}run_work\+[0-9]+$' "$STDOUT" || { echo "no run_work frame"; cat "$STDOUT"; return 1; }
}
