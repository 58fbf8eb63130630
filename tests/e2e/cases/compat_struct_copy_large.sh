desc "a whole struct task_struct (kilobytes) copied into a map and a variable, its members read with '->' and '.', as bpftrace's regression test 'scalars can be accessed in copied structs': copies over 256 bytes live in the scratch map"
prog <<'EOF2'
begin {
	@s = *curtask;
	@k = @s->pid == pid;
	@j = @s->parent->pid == curtask->parent->pid;
	$t = *curtask;
	printf("%d %d\n", $t.tgid == pid, sizeof($t) == sizeof(struct task_struct));
}
end { clear(@s); }
EOF2
expect <<'EOF2'
1 1
@j: true
@k: true
EOF2
