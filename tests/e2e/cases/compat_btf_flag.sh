desc "bpftrace's --btf option is accepted (sonde always types the kernel from BTF), as bpftrace's btf runtime tests run: a script's struct holding a kernel struct"
opts --btf
prog 'struct foo { struct task_struct t; } BEGIN { printf("%d\n", sizeof(struct foo) == sizeof(struct task_struct)); exit(); }'
expect 1
