desc "ustack(build_id) and config stack_mode = build_id: frames as the file's ELF build id and the offset in it, as bpftrace 0.25 prints them; kstack falls back to raw with a warning"
opts -c '{{PROGS}}/uprobes 3'
prog <<'EOF2'
config = { stack_mode = "build_id" }
uprobe:{{PROGS}}/uprobes:sonde_add { @[ustack(1)] = count(); }
uprobe:{{PROGS}}/uprobes:sonde_done { printf("%s|\n", ustack(build_id, 1)); @k = kstack(1); }
EOF2
expect_stderr "warning: 'build_id' stack mode can only be used for ustack: kstack falls back to 'raw' mode"
check_case() {
	local id add done want got
	id=$(readelf -n "$PROGS/uprobes" | sed -n 's/.*Build ID: *//p')
	add=$(nm "$PROGS/uprobes" | awk '$3 == "sonde_add" { print $1 }')
	done=$(nm "$PROGS/uprobes" | awk '$3 == "sonde_done" { print $1 }')
	[ -n "$id" ] && [ -n "$add" ] && [ -n "$done" ] || { echo "no build id or symbol in uprobes"; return 1; }
	want=$(printf '%s\n' "$id $(printf '0x%02x' $((16#$done)))" "|" "@[" "$id $(printf '0x%02x' $((16#$add)))" "]: 3")
	got=$(grep -v '^@k' "$STDOUT" | sed '/^$/d')
	[ "$got" = "$want" ] || { printf 'got:\n%s\nwant:\n%s\n' "$got" "$want"; return 1; }
}
