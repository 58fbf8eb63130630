desc "sonde -lv 'struct NAME' prints a kernel struct's definition from BTF, as bpftrace's basic runtime tests list struct task_struct; -l lists names (globs too), unions and enums"
oneshot
opts -lv 'struct path'
expect <<'EOF2'
struct path {
        struct vfsmount *mnt;
        struct dentry *dentry;
};
EOF2
check_case() {
	local out
	out=$("$SONDE" -lv 'struct task_struct') || { echo "-lv 'struct task_struct' failed"; return 1; }
	[ "$(echo "$out" | head -1)" = "struct task_struct {" ] || { echo "first line: $(echo "$out" | head -1)"; return 1; }
	echo "$out" | grep -qx '        pid_t pid;' || { echo "no pid member"; return 1; }
	[ "$(echo "$out" | tail -1)" = "};" ] || { echo "no closing '};'"; return 1; }
	"$SONDE" -l 'struct task_struc*' | grep -qx 'struct task_struct' || { echo "-l 'struct task_struc*' misses it"; return 1; }
	"$SONDE" -lv 'enum bpf_map_type' | grep -qx '        BPF_MAP_TYPE_HASH = 1,' || { echo "enum values"; return 1; }
	"$SONDE" -lv 'union bpf_attr' | head -1 | grep -qx 'union bpf_attr {' || { echo "union"; return 1; }
	"$SONDE" -lv 'struct sock' | grep -qE '^        u8 sk_[a-z_]+:1;$' || { echo "no bitfield width"; return 1; }
	if "$SONDE" -l 'struct no_such_struct_x' 2>/dev/null; then echo "a missing struct listed"; return 1; fi
}
