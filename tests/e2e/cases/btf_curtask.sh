desc "curtask and kernel struct members from BTF"
prog 'BEGIN { printf("%d %d %s\n", curtask->pid == tid, curtask->tgid == pid, curtask->comm == comm ? "same" : "diff"); exit(); }'
expect '1 1 same'
