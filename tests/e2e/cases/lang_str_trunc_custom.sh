desc "str_trunc_trailer in the config block, max_strlen 16: the custom trailer after a cut path in printf, a tuple key and a map value; a string of max_strlen characters counts as cut, as in current bpftrace"
prog <<'EOF'
config = { max_strlen = 16; str_trunc_trailer = "<cut>" }
tracepoint:syscalls:sys_enter_openat /comm == "sonde_wl"/ {
	printf("[%s]\n", str(args.filename));
	@k[str(args.filename), 1] = count();
	@v = str(args.filename);
	@w = str("abcdefghijklmnop");
	@x = str("abcdefghijklmno");
}
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }
EOF
workload syscalls openat 1 yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy
expect <<'EOF'
[/nonexistent/son<cut>]
@k[/nonexistent/son<cut>, 1]: 1
@v: /nonexistent/son<cut>
@w: abcdefghijklmnop<cut>
@x: abcdefghijklmno
EOF
