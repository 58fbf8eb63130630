desc "lowercase end runs on SIGINT, before the maps are printed"
prog <<'EOF'
tracepoint:syscalls:sys_enter_getppid /comm == "sonde_wl"/ { @n = count(); }
end { printf("end ran\n"); }
EOF
workload syscalls getppid 5
stop sigint
expect <<'EOF'
end ran
@n: 5
EOF
