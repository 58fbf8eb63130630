/*
 * cxx: the C++ target of the demangling cases (uprobe:BIN:cpp:NAME, ustack,
 * usym, func, -l 'uprobe:BIN:cpp:*').
 *
 *   cxx [N [LINGER_MS]]
 *
 * For k = 1..N (default 3): sonde::Counter::add(int k) and
 * sonde::Counter::add(long 10k) (overloads), sonde::twice<int>(k) and
 * sonde::twice<long>(k) (a template), sonde::Outer::run(k) calling
 * sonde::apply<int>(k), sonde::detail::step(k), sonde::detail::leaf(k) (a
 * stack of known frames: at leaf's entry it reads leaf, apply<int>, run,
 * main, the frame pointer skipping step), then sonde_cxx_done() (a C
 * name) once: a script ends with `uprobe:BIN:sonde_cxx_done { exit(); }`.
 * Known results: add(int) sums N(N+1)/2, add(long) 10 times that. It then
 * stays LINGER_MS (default 0) before exiting, so that its mappings are
 * still there when sonde names the addresses of ustack and usym.
 * The task is named $SONDE_WL_COMM, else "sonde_wl".
 */
#include <cstdlib>
#include <sys/prctl.h>
#include <time.h>

/* noipa: a real, separate function for each (no inlining, no clones such as f.constprop.0) */
#define PROBED __attribute__((noipa, used))

namespace sonde {

class Counter {
public:
	explicit Counter(long start);
	long add(int n);
	long add(long n);
	long get() const;

private:
	long total;
};

PROBED Counter::Counter(long start) : total(start)
{
}

PROBED long Counter::add(int n)
{
	total += n;
	return total;
}

PROBED long Counter::add(long n)
{
	total += n;
	return total;
}

PROBED long Counter::get() const
{
	return total;
}

template <typename T> PROBED T twice(T v)
{
	return v * 2;
}

template int twice<int>(int);
template long twice<long>(long);

namespace detail {

PROBED int leaf(int k)
{
	__asm__ volatile("" ::: "memory");
	return k + 1;
}

/* a frame between apply and leaf, so that a stack taken at leaf's entry shows apply */
PROBED int step(int k)
{
	return leaf(k) + 1;
}

} // namespace detail

template <typename T> PROBED T apply(T k)
{
	return detail::step(k) + 1;
}

struct Outer {
	PROBED static int run(int k)
	{
		return apply<int>(k) + 1;
	}
};

} // namespace sonde

extern "C" PROBED void sonde_cxx_done(void)
{
	__asm__ volatile("" ::: "memory");
}

int main(int argc, char **argv)
{
	const char *comm = getenv("SONDE_WL_COMM");
	long n = argc > 1 ? strtol(argv[1], NULL, 0) : 3;
	long linger_ms = argc > 2 ? strtol(argv[2], NULL, 0) : 0;
	long check = 0;

	prctl(PR_SET_NAME, comm && *comm ? comm : "sonde_wl", 0, 0, 0);
	sonde::Counter c(0);
	for (long k = 1; k <= n; k++) {
		c.add((int)k);
		c.add(10 * k);
		check += sonde::twice<int>((int)k) + sonde::twice<long>(k);
		check += sonde::Outer::run((int)k);
	}
	sonde_cxx_done();
	struct timespec ts = { linger_ms / 1000, linger_ms % 1000 * 1000000 };
	nanosleep(&ts, NULL);
	return c.get() == 11 * n * (n + 1) / 2 && check > 0 ? 0 : 1;
}
