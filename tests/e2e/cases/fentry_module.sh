desc "fentry on a module's function: the module's BTF is read from /sys/kernel/btf, and a module without one is an error at the probe"
oneshot
prog 'fentry:vmlinux:vfs_read, fentry:no_such_module_xyz:nft_do_chain { @ = count(); }'
status 1
expect_stderr "stdin:1:26: error: fentry:no_such_module_xyz:nft_do_chain: no module 'no_such_module_xyz' with BTF (/sys/kernel/btf/no_such_module_xyz)"
