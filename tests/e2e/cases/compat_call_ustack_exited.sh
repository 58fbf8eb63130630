desc "a user stack taken at a uprobe names its frames in the probed file even when the process exited before the event was read (-c of a short run: call/ustack_elf_symtable, test+0 then main+N; ustack_stack_mode_env_perf); other files' frames stay unknown"
opts -c "{{PROGS}}/stdlib"
prog <<'EOF3'
uprobe:{{PROGS}}/stdlib:sonde_many { print(ustack(2)); printf("%s", ustack(perf, 1)); @[ustack(1)] = count(); exit(); }
EOF3
expect_regex <<'EOF3'
 {8}sonde_many\+0
 {8}main\+[1-9][0-9]*
	[0-9a-f]+ sonde_many\+0 \(/.*/stdlib\)
@\[
 {8}sonde_many\+0
\]: 1
EOF3
