desc "a script named - is read from stdin, as bpftrace (runtime test basic/piped script); errors then name stdin"
prog 'BEGIN { printf("main\n"); }'
expect main
check_case() {
	local out
	out=$(printf 'BEGIN { printf("hello world!\\n"); }\n' | "$SONDE" - 2>/dev/null)
	[ "$out" = "hello world!" ] || { echo "piped script printed '$out'"; return 1; }
	out=$(printf 'BEGIN {\n' | "$SONDE" - 2>&1)
	case $out in *"stdin:2:1: error: "*) ;; *) echo "piped syntax error says '$out'"; return 1 ;; esac
}
