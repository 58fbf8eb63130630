desc "len(@m) counts a map's keys in the kernel (bpf_for_each_map_elem): plain, per-CPU aggregation, multi-key and emptied maps"
prog <<'EOF2'
BEGIN {
	@a[1] = 1; @a[2] = 2; @a[3] = 3;
	@c["x"] = count(); @c["x"] = count(); @c["y"] = count();
	@e[1, 2] = 3; delete(@e[1, 2]);
	printf("%d %d %d\n", len(@a), len(@c), len(@e));
	clear(@a); clear(@c);
	exit();
}
EOF2
expect <<'EOF2'
3 2 0
EOF2
