desc "functions this kernel or probe type cannot run fail clearly before loading"
oneshot
status 1
opts --unsafe
prog <<'EOF2'
tracepoint:syscalls:sys_enter_getppid {
	print(path(0));
	override(1);
	print(path(curtask->fs->pwd));
	print(percpu_kaddr("no_such_var_xyz"));
}
BEGIN { print(uaddr("main")); print(sarg0); }
EOF2
expect_stderr 'stdin:2:13: error: path() takes a struct path or a pointer to one, not uint8'
expect_stderr 'stdin:3:2: error: override() is only available in kprobe probes (bpf_override_return), not in tracepoint probes'
expect_stderr 'stdin:4:8: error: path() reads paths with bpf_d_path(), which the kernel allows only in fentry/fexit probes (of the functions it lists) and in iter probes, not in tracepoint probes'
expect_stderr "stdin:5:21: error: percpu_kaddr(): the kernel's BTF has no variable 'no_such_var_xyz'"
expect_stderr 'stdin:7:15: error: uaddr() is only available in uprobe, uretprobe and usdt probes'
expect_stderr 'stdin:7:37: error: sarg0 is only available in kprobe, uprobe and usdt probes'
