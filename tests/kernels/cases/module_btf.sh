desc "a module's BTF: fentry on a function of 9pnet (the guest's root is 9p) with args.NAME typed from it"
prog <<'EOF2'
fentry:9pnet:p9_client_read /comm == "cat"/ { printf("%s %d\n", probe, args.offset); exit(); }
EOF2
workload cat /etc/os-release
expect_contains 'fentry:9pnet:p9_client_read 0'
