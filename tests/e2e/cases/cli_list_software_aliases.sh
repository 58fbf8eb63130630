desc "-l lists software events under their names and bpftrace's aliases (cpu, cs, faults), sorted"
oneshot
opts -l 'software:c*'
expect <<'EOF2'
software:context-switches:
software:cpu-clock:
software:cpu-migrations:
software:cpu:
software:cs:
EOF2
