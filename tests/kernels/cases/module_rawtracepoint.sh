desc "a module's raw tracepoint through its BTF: 9pnet's 9p_client_req, args.NAME typed"
prog <<'EOF2'
rawtracepoint:9pnet:9p_client_req /comm == "cat"/ { printf("%s %d\n", probe, args.clnt != 0); exit(); }
EOF2
workload cat /etc/os-release
expect_contains 'rawtracepoint:9pnet:9p_client_req 1'
