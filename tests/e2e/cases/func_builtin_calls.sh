desc "builtins called as functions: pid(), tid(init), comm(), cpu(), jiffies()"
prog 'BEGIN { printf("%d %d %s %d %d\n", pid() == pid, tid(init) == tid, comm(), cpu() < ncpus, jiffies() > 0); exit(); }'
expect '1 1 sonde 1 1'
