desc "cgroupid() at compile time, cgroup_path() resolved when printed, with a filter"
# the cgroup2 hierarchy, wherever it is mounted ("unified" in cgroup_path's text)
CG2=$(awk '$3 == "cgroup2" { print $2; exit }' /proc/mounts)
CG2_ID=$(stat -c %i "$CG2" 2>/dev/null)
prog "BEGIN {
	printf(\"%d\n\", cgroupid(\"$CG2\"));
	print(cgroup_path(cgroupid(\"$CG2\"), \"unified\"));
	printf(\"[%s]\n\", cgroup_path(cgroupid(\"$CG2\"), \"no*such\"));
	@[cgroup_path(cgroupid(\"$CG2\"), \"unif*\")] = 1;
	exit();
}"
expect <<EOF2
$CG2_ID
unified:/
[]
@[unified:/]: 1
EOF2
check_case() {
	[ -n "$CG2" ] || { echo "no cgroup2 mount in /proc/mounts"; return 1; }
}
