/* Imported by counting.bt: a constant and a struct for a cast. */
#define WL_CALLS 3

struct wl_pair {
	int a;
	int b;
};
