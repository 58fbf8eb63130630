desc "-p PID: the run ends when that process exits"
workload_first
workload syscalls -M getppid 4
opts -p '{{WL_PID}}'
prog 'tracepoint:syscalls:sys_enter_getppid /pid == $1/ { @c = count(); }'
args '{{WL_PID}}'
expect '@c: 4'
