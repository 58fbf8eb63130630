desc "map declarations as bpftrace's runtime tests map: hash(1) keeps its first key and warns it is full, lruhash and percpulruhash evict instead, a declared map no statement uses is warned about"
prog <<'EOF2'
let @h = hash(1);
let @l = lruhash(1);
let @pl = percpulruhash(1);
let @unused = percpuhash(1);
begin {
	@h[1] = 1; @h[2] = 2;
	@l[1] = 1; @l[2] = 2;
	@pl[1] = count(); @pl[2] = count();
	@k[18446744073709551615] = 0;
}
EOF2
expect <<'EOF2'
@h[1]: 1
@k[18446744073709551615]: 0
@l[2]: 2
@pl[2]: 1
EOF2
expect_stderr 'warning: unused map: @unused'
expect_stderr 'map @h is full'
expect_stderr_absent 'map @l is full'
expect_stderr_absent 'map @pl is full'
