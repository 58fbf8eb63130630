desc "the body of a for loop (a BPF callback) reads the probe's context: arg0, reg(), ustack in a range loop and a map loop, nested (arg0 and stacks there were refused or rejected by the verifier)"
opts -c '{{PROGS}}/uprobes 3'
prog <<'EOF2'
uprobe:{{PROGS}}/uprobes:sonde_add {
	@m[1] = 1;
	@m[2] = 2;
	for ($i : 0..2) {
		@a[$i] = sum(arg0);
		for ($kv : @m) {
			@b[$i, $kv.0] = sum(arg1);
		}
		@s[ustack(1)] = count();
	}
	for ($kv : @m) { @ip = reg("ip") > 0; }
}
EOF2
expect <<'EOF2'
@a[0]: 6
@a[1]: 6
@b[0, 1]: 12
@b[0, 2]: 12
@b[1, 1]: 12
@b[1, 2]: 12
@ip: true
@m[1]: 1
@m[2]: 2
@s[
        sonde_add+0
]: 6
EOF2
