desc "iter:task runs once per task, ctx->task typed from BTF, then sonde exits by itself"
oneshot
prog 'iter:task { @ = count(); if (ctx->task->pid == 2) { printf("%s %d\n", ctx->task->comm, ctx->task->pid); } }'
expect_regex <<'EOF2'
kthreadd 2
@: [1-9][0-9]*
EOF2
