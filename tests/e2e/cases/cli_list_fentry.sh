desc "-l and -lv of fentry/fexit: functions from BTF, -lv with their parameters (and retval for fexit)"
oneshot
opts -lv 'f*:vfs_readv'
expect <<'EOF2'
fentry:vmlinux:vfs_readv
    struct file * file
    const struct iovec * vec
    long unsigned int vlen
    loff_t * pos
    rwf_t flags
fexit:vmlinux:vfs_readv
    struct file * file
    const struct iovec * vec
    long unsigned int vlen
    loff_t * pos
    rwf_t flags
    ssize_t retval
EOF2
