desc "fentry on a module's function: sonde reads only the kernel's own BTF yet, and says so"
oneshot
prog 'fentry:vmlinux:vfs_read, fentry:nf_tables:nft_do_chain { @ = count(); }'
status 1
expect_stderr "stdin:1:26: error: fentry:nf_tables:nft_do_chain: sonde reads the BTF of the kernel itself (vmlinux), not of modules yet"
