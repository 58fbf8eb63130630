desc "sonde in a PID namespace (unshare --pid): pid, tid, tid(curr_ns) and cpid are that namespace's ids (sonde is 1, its -c command 2), pid(init) the initial namespace's"
wrap unshare --pid --fork --mount-proc
opts -c '{{PROGS}}/syscalls -M getppid 2'
prog 'tracepoint:syscalls:sys_enter_getppid /comm == "sonde_wl"/ { printf("pid %d tid %d %d cpid %d init %d\n", pid, tid, tid(curr_ns), cpid, pid(init) > 2); }
end { printf("sonde %d\n", pid); }'
expect <<'EOF2'
pid 2 tid 2 2 cpid 2 init 1
pid 2 tid 2 2 cpid 2 init 1
sonde 1
EOF2
