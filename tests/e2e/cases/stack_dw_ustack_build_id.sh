desc "dw_ustack(build_id, N): the frames unwound in BPF print as ustack(build_id) frames, the build id of each frame's file and the offset in it (the file's id is the workload's own, as readelf reads it)"
opts -c "{{PROGS}}/nofp 1 300"
prog <<'EOF2'
config = { unstable_dw_ustack = enable }
uprobe:{{PROGS}}/nofp:nofp_d { print(dw_ustack(build_id, 3)); exit(); }
EOF2
expect_regex <<'EOF2'
[0-9a-f]{40} 0x[0-9a-f]+
[0-9a-f]{40} 0x[0-9a-f]+
[0-9a-f]{40} 0x[0-9a-f]+
EOF2
check_case() {
	local id
	id=$(readelf -n "$PROGS/nofp" | sed -n 's/.*Build ID: \([0-9a-f]*\).*/\1/p')
	[ -n "$id" ] || { echo "no build id in nofp"; return 1; }
	[ "$(grep -c "^$id 0x" "$STDOUT")" = 3 ] || { echo "frames not in nofp ($id):"; cat "$STDOUT"; return 1; }
}
