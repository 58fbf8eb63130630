/* A header with a mistake on line 4 (tests/errors/cases/lang_include_header_error.bt). */
struct wl_bad {
	int a
	int b;
};
