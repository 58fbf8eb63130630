desc "BEGIN,END share one block: it runs at both ends, probe names each (bpftrace's runtime test probe/BEGIN,END)"
prog <<'EOF2'
BEGIN,END { printf("Hello %s\n", probe); @[probe] = count(); }
EOF2
expect <<'EOF2'
Hello begin
Hello end
@[begin]: 1
@[end]: 1
EOF2
