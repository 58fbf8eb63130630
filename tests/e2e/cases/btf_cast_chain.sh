desc "casts to kernel pointers, -> chains, sizeof, offsetof and enum constants"
prog 'BEGIN { $t = (struct task_struct *)curtask; printf("%d %d %d %d\n", $t->real_parent->pid > 0, sizeof(struct task_struct) > 1000, offsetof(struct task_struct, pid) > 0, TASK_RUNNING); exit(); }'
expect '1 1 1 0'
