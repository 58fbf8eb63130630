desc "-l and -lv of iterators: names from BTF, -lv with the context's members"
oneshot
opts -lv 'iter:task*'
expect <<'EOF2'
iter:task
    struct bpf_iter_meta * meta
    struct task_struct * task
iter:task_file
    struct bpf_iter_meta * meta
    struct task_struct * task
    u32 fd
    struct file * file
iter:task_vma
    struct bpf_iter_meta * meta
    struct task_struct * task
    struct vm_area_struct * vma
EOF2
