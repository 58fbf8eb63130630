desc "-lv of raw tracepoints: the BTF arguments of the tracepoint"
oneshot
opts -lv 'rawtracepoint:sched_switch'
expect <<'EOF2'
rawtracepoint:vmlinux:sched_switch
    bool preempt
    struct task_struct * prev
    struct task_struct * next
    unsigned int prev_state
EOF2
