desc "args.NAME: a parameter the function does not have, and a binary without DWARF"
oneshot
status 1
prog <<'EOF2'
uprobe:{{PROGS}}/uprobe_dwarf:sonde_typed { @ = args.nme; }
uprobe:libz:deflate { @ = args.strm; }
EOF2
expect_stderr "has no field 'nme'; did you mean 'name'?"
expect_stderr "has no DWARF debug info (build it with -g) for args; use arg0..argN"
expect_stderr_absent 'Attached'
