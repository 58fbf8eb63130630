/* gfp.h: printf's %gr, GFP flags by the names this kernel's tracepoints print them with. */
#ifndef SONDE_GFP_H
#define SONDE_GFP_H

#include <stdint.h>

struct sbuf;

/* Appends flags as GFP_KERNEL|__GFP_ZERO (leftover bits in hex; "none" for 0). */
void gfp_flags_text(struct sbuf *b, uint64_t flags);
/* Tests: use the table of this print fmt instead of tracefs's (NULL: no names). */
void gfp_test_table(const char *print_fmt);

#endif
