desc "dw_ustack in -f json prints as ustack does: a value's frames in one string, a map key's frames without indentation"
opts -f json -c "{{PROGS}}/nofp 1 300"
prog <<'EOF2'
config = { unstable_dw_ustack = enable }
uprobe:{{PROGS}}/nofp:nofp_d { @[dw_ustack(2)] = count(); print(dw_ustack(2)); }
uprobe:{{PROGS}}/nofp:nofp_done { exit(); }
EOF2
expect_regex <<'EOF2'
\{"type": "attached_probes", "count": 2, "data": \{"probes": 2\}\}
\{"type": "value", "data": "\\n {8}nofp_d\+0\\n {8}nofp_c\+[1-9][0-9]*\\n"\}
\{"type": "map", "data": \{"@": \{"\\nnofp_d\+0\\nnofp_c\+[1-9][0-9]*\\n": 1\}\}\}
EOF2
