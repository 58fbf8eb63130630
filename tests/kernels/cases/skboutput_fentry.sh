desc "skboutput from fentry: the UDP datagrams __dev_queue_xmit sends over loopback, into a pcap file"
prog <<EOF2
fentry:__dev_queue_xmit /comm == "sonde_wl"/ {
	\$r = skboutput("${TMPDIR:-/tmp}/sonde-skb.pcap", args.skb, args.skb->len - 14, 14);
	printf("%d %d\n", \$r, args.skb->len);
}
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }
EOF2
workload syscalls udp 2
expect <<'EOF2'
0 43
0 44
EOF2
