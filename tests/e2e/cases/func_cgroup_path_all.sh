desc "cgroup_path(cgroup): every hierarchy, cgroup2 first as unified, v1 ones sorted, joined with commas"
prog 'BEGIN { print(cgroup_path(cgroup)); exit(); }'
check_case() {
	local want="" v1 name
	grep -q ' cgroup2 ' /proc/mounts && want="unified:"
	v1=$(awk '$3 == "cgroup" { n = split($2, p, "/"); print p[n] }' /proc/mounts | LC_ALL=C sort)
	for name in $v1; do want="$want${want:+,}$name:"; done
	# the path part depends on where sonde runs: compare the hierarchy names
	local got
	got=$(grep -v '^$' "$STDOUT" | head -1 | sed -E 's/:[^,]*/:/g')
	[ "$got" = "$want" ] || { echo "hierarchies are '$got', want '$want'"; return 1; }
}
