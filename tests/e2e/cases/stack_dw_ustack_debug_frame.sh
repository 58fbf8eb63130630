desc "dw_ustack reads .debug_frame where .eh_frame does not describe a function: nofp built with -fno-asynchronous-unwind-tables keeps its functions' CFI in .debug_frame only (crt's _start stays in .eh_frame), and the whole chain unwinds"
opts -c "{{PROGS}}/nofp_dbgframe 1 300"
prog <<'EOF2'
config = { unstable_dw_ustack = enable }
uprobe:{{PROGS}}/nofp_dbgframe:nofp_d { print(dw_ustack); exit(); }
EOF2
expect_regex <<'EOF2'
 {8}nofp_d\+0
 {8}nofp_c\+[1-9][0-9]*
 {8}nofp_b\+[1-9][0-9]*
 {8}nofp_a\+[1-9][0-9]*
 {8}main\+[1-9][0-9]*
 {8}__libc_start_call_main\+[1-9][0-9]*
 {8}__libc_start_main(@@GLIBC_[0-9.]+|_impl)?\+[1-9][0-9]*
 {8}_start\+[1-9][0-9]*
EOF2
