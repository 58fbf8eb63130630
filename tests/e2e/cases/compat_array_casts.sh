desc "integers cast to arrays of their own size and back, as bpftrace (runtime test bool/bool array): the bytes as they lie in memory, kept in variables, maps and keys"
prog <<'EOF2'
BEGIN {
	@a = (bool[2])(uint16)1;
	$x = (uint8[4])(uint32)0x01020304;
	print($x);
	print((uint32)$x);
	print((int16)(uint8[2])(uint16)0xfffe);
	@k[(uint8[8])0x4142434445464748] = 1;
}
EOF2
expect <<'EOF2'
[4,3,2,1]
16909060
-2
@a: [true,false]
@k[[72,71,70,69,68,67,66,65]]: 1
EOF2
