desc "dw_ustack unwinds with .eh_frame where ustack (frame pointers) stops: at a leaf of a -O2 -fomit-frame-pointer binary, ustack has one frame, dw_ustack the whole chain nofp_d < nofp_c < nofp_b < nofp_a < main < libc < _start, in order (-c, table loaded at the command's entry point); the unstable-feature warning by default"
opts -c "{{PROGS}}/nofp 1 300"
prog <<'EOF2'
uprobe:{{PROGS}}/nofp:nofp_d { printf("%s---%s", ustack, dw_ustack); exit(); }
EOF2
expect_regex <<'EOF2'
 {8}nofp_d\+0
---
 {8}nofp_d\+0
 {8}nofp_c\+[1-9][0-9]*
 {8}nofp_b\+[1-9][0-9]*
 {8}nofp_a\+[1-9][0-9]*
 {8}main\+[1-9][0-9]*
 {8}__libc_start_call_main\+[1-9][0-9]*
 {8}__libc_start_main(@@GLIBC_[0-9.]+|_impl)?\+[1-9][0-9]*
 {8}_start\+[1-9][0-9]*
EOF2
expect_stderr "warning: dw_ustack is an unstable feature"
