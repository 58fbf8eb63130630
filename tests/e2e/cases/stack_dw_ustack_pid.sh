desc "dw_ustack with -p: the running process's table is read at load; a tracepoint's walk starts from the task's saved user registers (clock_nanosleep < __nanosleep < main in libc without frame pointers)"
workload_first
workload nofp 0 300
opts -p "{{WL_PID}}"
prog <<'EOF2'
config = { unstable_dw_ustack = enable }
tracepoint:syscalls:sys_enter_clock_nanosleep { print(dw_ustack(3)); exit(); }
EOF2
expect_regex <<'EOF2'
 {8}(__GI___)?clock_nanosleep(@@GLIBC_[0-9.]+)?\+[1-9][0-9]*
 {8}(__)?nanosleep\+[1-9][0-9]*
 {8}main\+[1-9][0-9]*
EOF2
