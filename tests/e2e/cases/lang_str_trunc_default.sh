desc "a path longer than max_strlen (64) that str() cut (to 64 characters, as current bpftrace) prints with bpftrace's '..' trailer: in printf, print(), as a map key and as a map value; a short one without"
prog <<'EOF'
tracepoint:syscalls:sys_enter_openat /comm == "sonde_wl"/ {
	printf("%s|\n", str(args.filename));
	print(str(args.filename));
	@k[str(args.filename)] = count();
	@v[@n] = str(args.filename);
	@n++;
}
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }
EOF
workload syscalls openat 1 xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx openat 1 ab
expect <<'EOF'
/nonexistent/sonde-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx..|
/nonexistent/sonde-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx..
/nonexistent/sonde-ab|
/nonexistent/sonde-ab
@k[/nonexistent/sonde-ab]: 1
@k[/nonexistent/sonde-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx..]: 1
@n: 2
@v[0]: /nonexistent/sonde-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx..
@v[1]: /nonexistent/sonde-ab
EOF
