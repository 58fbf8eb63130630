desc "uprobe on a missing binary, a library nobody has, and a file that is not ELF: errors at the probe"
oneshot
status 1
prog <<'EOF2'
uprobe:/nonexistent/sonde_bin:foo { }
uprobe:libsonde_no_such_library:foo { }
uprobe:/etc/hostname:foo { }
EOF2
expect_stderr 'stdin:1:1: error: /nonexistent/sonde_bin: no such file'
expect_stderr "stdin:2:1: error: 'libsonde_no_such_library' not found"
expect_stderr 'stdin:3:1: error: /etc/hostname is not an ELF binary'
expect_stderr_absent 'Attached'
