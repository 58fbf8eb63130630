desc "a module's BTF: fentry on a function of 9pnet (the guest's root is 9p) with args.NAME typed from it"
prog <<'EOF2'
fentry:9pnet:p9_client_read /comm == "cat"/ { printf("%s %d\n", probe, args.offset); exit(); }
EOF2
workload cat /etc/os-release
# the first read may be the loader's (a library's page at some offset), not the file's at 0
expect_regex <<'EOF2'
fentry:9pnet:p9_client_read [0-9]+
EOF2
