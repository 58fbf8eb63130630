desc "bpftrace's runtime tests addrspace: uptr() makes a tracepoint's filename a user pointer that str() reads"
prog 't:syscalls:sys_enter_openat /comm == "sonde_wl"/ { print(str(uptr(args->filename))); exit(); }'
workload syscalls openat 1 runtime_test
expect <<'EOF2'
/nonexistent/sonde-runtime_test
EOF2
