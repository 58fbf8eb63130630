desc "a declared map that is exactly full warns only when an insert fails: hash(1) with one key is quiet, a second key warns"
prog <<'EOF2'
let @one = hash(1);
let @two = hash(1);
begin {
	@one[7] = 1; @one[7] = 2;
	@two[1] = 1; @two[2] = 2;
}
EOF2
expect <<'EOF2'
@one[7]: 2
@two[1]: 1
EOF2
expect_stderr 'WARNING: map @two is full (1 key, as declared): new keys are being dropped'
expect_stderr_absent 'map @one is full'
