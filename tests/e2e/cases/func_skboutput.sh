desc "skboutput() writes a pcap file (raw IP) of the packets a BTF raw tracepoint sees: three UDP datagrams over loopback"
prog <<'EOF2'
rawtracepoint:net_dev_start_xmit /comm == "sonde_wl"/ {
	$r = skboutput("{{OUT}}", args.skb, args.skb->len - 14, 14);
	printf("%d %d\n", $r, args.skb->len);
}
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }
EOF2
workload syscalls udp 3
expect <<'EOF2'
0 43
0 44
0 45
EOF2
# pcap: the file header, then per packet a record header and the IP packet
check_case() {
	local -a b
	read -r -a b <<<"$(od -An -tu1 -v "$WORK/out" | tr -s ' \n' '  ')"
	u32() { echo $((b[$1] | b[$1 + 1] << 8 | b[$1 + 2] << 16 | b[$1 + 3] << 24)); }
	[ "$(u32 0)" = $((0xa1b2c3d4)) ] || { fail "pcap magic $(u32 0)"; return 1; }
	[ "$(u32 20)" = 101 ] || { fail "link type $(u32 20), not 101 (raw IP)"; return 1; }
	local at=24 k now
	now=$(date +%s)
	for k in 1 2 3; do
		local sec len
		sec=$(u32 $at) len=$(u32 $((at + 8)))
		[ $((now - sec)) -lt 60 ] && [ $((sec - now)) -lt 60 ] || { fail "packet $k: time stamp $sec, now $now"; return 1; }
		[ "$len" = $((28 + k)) ] || { fail "packet $k: $len bytes, not $((28 + k))"; return 1; }
		local ip=$((at + 16))
		[ "${b[ip]}" = 69 ] && [ "${b[ip + 9]}" = 17 ] || { fail "packet $k: not IPv4/UDP"; return 1; }
		[ "${b[*]:ip+12:8}" = "127 0 0 1 127 0 0 1" ] || { fail "packet $k: addresses ${b[*]:ip+12:8}"; return 1; }
		local payload
		payload=$(printf '%b' "$(printf '\\%03o' "${b[@]:ip+28:k}")")
		[ "$payload" = "$(printf '%s' "sonde-udp-payload!" | head -c $k)" ] || { fail "packet $k: payload '$payload'"; return 1; }
		at=$((ip + len))
	done
	[ "$at" = "${#b[@]}" ] || fail "$(( ${#b[@]} - at )) bytes after the third packet"
}
