desc "-f folded with dw_ustack keys: flamegraph.pl's input, root first, the whole chain of a binary without frame pointers"
opts -f folded -c "{{PROGS}}/nofp 2 300"
prog <<'EOF2'
config = { unstable_dw_ustack = enable }
uprobe:{{PROGS}}/nofp:nofp_d { @[dw_ustack, comm] = count(); }
uprobe:{{PROGS}}/nofp:nofp_done { exit(); }
EOF2
expect_regex <<'EOF2'
sonde_wl;_start;__libc_start_main(@@GLIBC_[0-9.]+|_impl)?;__libc_start_call_main;main;nofp_a;nofp_b;nofp_c;nofp_d 2
EOF2
