desc "an empty str_trunc_trailer turns the trailer off; an empty BPFTRACE_STR_TRUNC_TRAILER does too, over the config block's"
oneshot
environ BPFTRACE_STR_TRUNC_TRAILER=
prog <<'EOF'
config = { max_strlen = 8; str_trunc_trailer = "<cut>" }
begin {
	printf("%s|\n", str("abcdefghij"));
	@ = str("0123456789");
	exit();
}
EOF
expect <<'EOF'
abcdefgh|
@: 01234567
EOF
