desc "-l lists a module's raw tracepoints from its BTF as rawtracepoint:MODULE:EVENT, -lv with their arguments; a pattern without a module finds them too"
oneshot
opts -lv 'rawtracepoint:9p_client_re*'
expect_contains 'rawtracepoint:9pnet:9p_client_req'
check_case() {
	grep -q '^    struct p9_client \* clnt$' "$STDOUT" || { echo "no 'struct p9_client * clnt' argument"; return 1; }
}
