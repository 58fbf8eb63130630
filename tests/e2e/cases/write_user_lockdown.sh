desc "write_user() on this kernel, locked down (integrity): refused at the call, naming the lockdown mode (tests/kernels/cases/write_user runs it on 6.1)"
oneshot
status 1
prog 'uprobe:{{PROGS}}/uprobe_dwarf:sonde_fill { write_user(arg0, "hi!", 3); }'
opts --unsafe
expect <<'EOF2'
EOF2
expect_stderr "error: write_user(): this kernel is locked down (integrity), which forbids bpf_probe_write_user to every program"
