/*
 * cinclude.h: the user's headers a script includes (#include "x", -I DIR,
 * --include FILE), read for the C definitions parser. System headers are
 * not read: kernel types come from BTF.
 */
#ifndef SONDE_CINCLUDE_H
#define SONDE_CINCLUDE_H

#include "diag.h"

#include <stdbool.h>
#include <stddef.h>

/* The script's path (NULL for -e and stdin): its quoted includes are looked up next to it. */
void cinclude_set_script(const char *path);
/* -I DIR: searched, in order, for "x" after the includer's directory and for <x>. */
void cinclude_add_dir(const char *dir);
/* --include FILE: read before the script's own definitions, in order. */
void cinclude_add_file(const char *file);
size_t cinclude_nfiles(void);
/* The script's directory ("" for -e and stdin: the working directory) and the -I directories. */
const char *cinclude_script_dir(void);
const char *cinclude_script(void);
size_t cinclude_ndirs(void);
const char *cinclude_dir(size_t i);
const char *cinclude_file(size_t i);
/* A new parse: every header may be read again (each once per parse). */
void cinclude_begin(void);

/* The path NAME names (quoted: from FROM_DIR, NULL for the script's, then -I), NULL if none. */
const char *cinclude_find(const char *name, bool quoted, const char *from_dir);

struct cinclude_buf {
	char *s;
	size_t len, cap;
};
void cinclude_buf_add(struct cinclude_buf *b, const char *s, size_t n);
/*
 * Appends the header at PATH to B, the headers it includes in their place,
 * each line after a "#sonde_inc" marker that makes the C parser report its
 * errors at AT (the script's #include) naming the header and its line. A
 * header read before in this parse adds nothing. 0 or -errno (reported).
 */
int cinclude_read(struct cinclude_buf *b, const char *path, const struct loc *at, int depth);

#endif
