desc "a real Debian program: libc's getaddrinfo (named 'libc', found in the linker cache) during getent ahosts"
opts -c 'getent ahosts localhost'
prog <<'EOF2'
uprobe:libc:getaddrinfo { printf("lookup %s\n", str(arg0)); @calls = count(); }
uretprobe:libc:getaddrinfo { printf("returned %d\n", retval); }
EOF2
expect_contains <<'EOF2'
lookup localhost
returned 0
@calls: 1
EOF2
