/* C definitions a script takes from a header of its own (tests/e2e/cases/lang_include_*.sh). */
#ifndef WL_H
#define WL_H
#include <linux/types.h>
#include "wl_more.h"

#define WL_MIN_WRITE 2

struct wl_pair {
	int a;
	long b;
};
#endif
