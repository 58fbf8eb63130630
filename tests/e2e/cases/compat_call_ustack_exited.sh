desc "a user stack taken at a uprobe names its frames in the probed file even when the process exited before the event was read (-c of a short run: call/ustack_elf_symtable, ustack_stack_mode_env_perf); other files' frames stay unknown"
opts -c "{{PROGS}}/structs"
prog <<'EOF3'
uprobe:{{PROGS}}/structs:sonde_simple { printf("%s", ustack(1)); printf("%s", ustack(perf, 1)); @[ustack(1)] = count(); exit(); }
EOF3
expect_regex <<'EOF3'
 {8}sonde_simple\+0
	[0-9a-f]+ sonde_simple\+0 \(/.*/structs\)
@\[
 {8}sonde_simple\+0
\]: 1
EOF3
