desc "iter:task runs once per task with ctx->task from BTF, then sonde exits by itself"
oneshot
prog 'iter:task { @ = count(); if (ctx->task->pid == 2) { printf("%s\n", ctx->task->comm); } }'
expect_regex <<'EOF2'
kthreadd
@: [1-9][0-9]*
EOF2
