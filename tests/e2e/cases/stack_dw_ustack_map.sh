desc "dw_ustack as a map key aggregates in the kernel: three calls of one chain make one key counted 3; dw_ustack(2) keeps two frames; dw_ustack(perf, 3) prints perf's address, name and file; config unstable_dw_ustack = enable silences the warning"
opts -c "{{PROGS}}/nofp 3 300"
prog <<'EOF2'
config = { unstable_dw_ustack = enable }
uprobe:{{PROGS}}/nofp:nofp_d { @[dw_ustack] = count(); @two[dw_ustack(2)] = count(); @perf[dw_ustack(perf, 3)] = count(); }
uprobe:{{PROGS}}/nofp:nofp_done { exit(); }
EOF2
expect_regex <<'EOF2'
@\[
 {8}nofp_d\+0
 {8}nofp_c\+[1-9][0-9]*
 {8}nofp_b\+[1-9][0-9]*
 {8}nofp_a\+[1-9][0-9]*
 {8}main\+[1-9][0-9]*
 {8}__libc_start_call_main\+[1-9][0-9]*
 {8}__libc_start_main(@@GLIBC_[0-9.]+|_impl)?\+[1-9][0-9]*
 {8}_start\+[1-9][0-9]*
\]: 3
@perf\[
	[0-9a-f]+ nofp_d\+0 \(/.*/nofp\)
	[0-9a-f]+ nofp_c\+[1-9][0-9]* \(/.*/nofp\)
	[0-9a-f]+ nofp_b\+[1-9][0-9]* \(/.*/nofp\)
\]: 3
@two\[
 {8}nofp_d\+0
 {8}nofp_c\+[1-9][0-9]*
\]: 3
EOF2
expect_stderr_absent "unstable"
