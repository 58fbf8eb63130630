desc "#ifndef BPFTRACE_HAVE_BTF blocks are skipped (sonde has BTF); #else and nested #if are honoured; script types win over BTF"
prog <<'EOF2'
#ifndef BPFTRACE_HAVE_BTF
#include <linux/path.h>
struct task_struct { int not_the_kernels; };
#else
#if 0
struct skipped { int x; };
#elif defined(BPFTRACE_HAVE_BTF) && 2 > 1
struct kept { long x; char tag[3]; };
#endif
#endif
struct file { int mine; };
BEGIN {
	printf("%d %d %d\n", sizeof(struct kept), sizeof(struct file), curtask->pid > 0);
	exit();
}
EOF2
expect '16 4 1'
