desc "fentry wildcards where the kernel refuses fentry: one error for all the functions"
oneshot
if [ -e /sys/bus/event_source/devices/kprobe ]; then
	prog 'fentry:vfs_rea* { @ = count(); } BEGIN { exit(); }'
	check_case() { grep -qE '^Attached [0-9]+ probes$' "$STDERR"; }
else
	prog 'fentry:vfs_rea* { @ = count(); }'
	status 1
	expect_stderr 'error: cannot attach fentry:vmlinux:vfs_rea'
	check_case() {
		local n
		n=$(grep -c 'this kernel refuses fentry' "$STDERR")
		[ "$n" = 1 ] || { echo "FAIL: $n errors, want 1"; return 1; }
	}
fi
