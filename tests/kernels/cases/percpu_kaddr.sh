desc "percpu_kaddr: this CPU's and CPU 1's runqueue (struct rq's cpu field), NULL past the last CPU, a per-CPU counter"
prog <<'EOF2'
BEGIN {
	$p = (struct rq *)percpu_kaddr("runqueues");
	@this = $p->cpu == cpu;
	@one = ((struct rq *)percpu_kaddr("runqueues", 1))->cpu;
	@none = percpu_kaddr("runqueues", 4096) == 0;
	@forks = *percpu_kaddr("process_counts", 0) + *percpu_kaddr("process_counts", 1) > 0;
	exit();
}
EOF2
expect <<'EOF2'
@forks: true
@none: true
@one: 1
@this: true
EOF2
