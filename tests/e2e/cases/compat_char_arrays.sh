desc "char arrays read as strings keep every character (no NUL needed, no truncation mark); buf() and macaddr() of members"
workload structs
prog <<'EOF2'
struct F { char s[5]; }
struct MyStruct { const char* a; char b[4]; uint8_t c[4]; int d[4]; uint16_t e[4]; uint64_t f[4] };
struct M { const char *ignore; char mac[6]; };
uprobe:{{PROGS}}/structs:sonde_string { $a = ((struct F *)arg0)->s; printf("%s %s %d\n", $a, $a, strncmp(((struct F *)arg0)->s, "hello", 5)); }
uprobe:{{PROGS}}/structs:sonde_complex {
	$s = (struct MyStruct *)arg0;
	printf("P: %r-%r-%r-%r\n", buf($s->a, 4), buf($s->b, 4), buf($s->c), buf($s->e));
	printf("%s\n", macaddr(((struct M *)arg0)->mac));
}
uprobe:{{PROGS}}/structs:sonde_done { exit(); }
EOF2
expect <<'EOF2'
P: \x09\x08\x07\x06-\x05\x04\x03\x02-\x01\x02\x03\x04-\x09\x00\x0a\x00\x0b\x00\x0c\x00
05:04:03:02:01:02
hello hello 0
EOF2
