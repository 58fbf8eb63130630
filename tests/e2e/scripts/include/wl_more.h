/* Included by wl.h, found next to it. */
enum wl_kind { WL_SMALL = 1, WL_BIG = 3 };
