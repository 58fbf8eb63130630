desc "str_trunc_trailer in the config block, max_strlen 16: the custom trailer after a cut path in printf, a tuple key and a map value; a string of max_strlen - 1 characters counts as cut, as in bpftrace"
prog <<'EOF'
config = { max_strlen = 16; str_trunc_trailer = "<cut>" }
tracepoint:syscalls:sys_enter_openat /comm == "sonde_wl"/ {
	printf("[%s]\n", str(args.filename));
	@k[str(args.filename), 1] = count();
	@v = str(args.filename);
	@w = str("abcdefghijklmno");
	@x = str("abcdefghijklmn");
}
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }
EOF
workload syscalls openat 1 yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy
expect <<'EOF'
[/nonexistent/so<cut>]
@k[/nonexistent/so<cut>, 1]: 1
@v: /nonexistent/so<cut>
@w: abcdefghijklmno<cut>
@x: abcdefghijklmn
EOF
