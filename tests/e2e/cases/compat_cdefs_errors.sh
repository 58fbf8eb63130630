desc "errors in C definitions point at their line in the script"
oneshot
status 1
prog <<'EOF2'
BEGIN { exit(); }
struct ok { int a; };
struct bad {
	int a;
	foo_t b;
};
EOF2
expect_stderr "stdin:5:2: error: unknown type name 'foo_t'"
