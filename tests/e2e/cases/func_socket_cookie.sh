desc "socket_cookie(): a socket's cookie in BTF raw tracepoints, non-zero, the same when the socket sends and when it receives (through a variable)"
prog <<'EOF2'
rawtracepoint:sock_send_length /comm == "sonde_wl"/ {
	@sent[tid] = socket_cookie(args.arg0);
	@nonzero[socket_cookie(args.arg0) != 0] = count();
}
rawtracepoint:sock_recv_length /comm == "sonde_wl"/ {
	$sk = args.arg0;
	@same[socket_cookie($sk) == @sent[tid]] = count();
}
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { delete(@sent, tid); exit(); }
EOF2
workload syscalls udp 3
expect <<'EOF2'
@nonzero[true]: 3
@same[true]: 3
EOF2
