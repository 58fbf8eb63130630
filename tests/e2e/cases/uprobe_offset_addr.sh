desc "uprobe:BINARY:FUNC+OFFSET (the second instruction) and uprobe:BINARY:0xADDRESS"
# Where sonde_add and its second instruction are, from the binary itself.
BIN=$PROGS/uprobes
ADDR=$(nm "$BIN" 2>/dev/null | awk '$3 == "sonde_add" { print $1 }')
SECOND=$(objdump -d --no-show-raw-insn "$BIN" 2>/dev/null |
	awk '/<sonde_add>:/ { f = 1; next } f && /^ +[0-9a-f]+:/ { n++; if (n == 2) { sub(":", "", $1); print $1; exit } }')
OFF=$(( 0x${SECOND:-0} - 0x${ADDR:-0} ))
opts -c '{{PROGS}}/uprobes 10'
prog <<EOF2
uprobe:{{PROGS}}/uprobes:sonde_add+$OFF { @off = sum(arg0); }
uprobe:{{PROGS}}/uprobes:0x$ADDR { @addr = sum(arg1); }
EOF2
expect <<'EOF2'
@addr: 110
@off: 55
EOF2
