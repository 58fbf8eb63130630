desc "bpftrace's runtime test scripts/file_line.bt: the file and line builtins, a macro's line being that of the probe's outermost use"
script file_line.bt
oneshot
expect_regex <<'EOF2'
\(/.*/file_line\.bt, 12\)
\(/.*/file_line\.bt, 13\)
EOF2
