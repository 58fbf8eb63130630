desc "dw_ustack with -c and a uprobe on the command's entry point itself: sonde stops the command there with a hardware breakpoint to load its table, the uprobe then fires (_start is the outermost frame: its return address is undefined), and later stacks are whole"
opts -c "{{PROGS}}/nofp 1 300"
prog <<'EOF2'
config = { unstable_dw_ustack = enable }
uprobe:{{PROGS}}/nofp:_start { print(dw_ustack); }
uprobe:{{PROGS}}/nofp:nofp_done { print(dw_ustack); exit(); }
EOF2
expect_regex <<'EOF2'
 {8}_start\+0
 {8}nofp_done\+0
 {8}main\+[1-9][0-9]*
 {8}__libc_start_call_main\+[1-9][0-9]*
 {8}__libc_start_main(@@GLIBC_[0-9.]+|_impl)?\+[1-9][0-9]*
 {8}_start\+[1-9][0-9]*
EOF2
