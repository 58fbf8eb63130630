desc "a program of begin and end probes only ends after begin without exit(), as bpftrace 0.24 (its runtime tests rely on it); end runs, maps print"
prog <<'EOF2'
begin { @scalar = 5; @m["k"] = 2; printf("hi\n"); }
end { printf("end\n"); }
EOF2
expect <<'EOF2'
hi
end
@m[k]: 2
@scalar: 5
EOF2
