/*
 * cinclude.c: the headers a script includes, read for their C definitions.
 *
 * bpftrace hands #include lines to clang; sonde has no clang and takes
 * kernel types from BTF, so a system header (<linux/sched.h>) needs
 * nothing. A header of the user's, though, carries definitions the script
 * uses: `#include "defs.h"` (next to the script, or in a -I directory),
 * `#include <foo.h>` found in a -I directory, and `--include FILE` are read
 * here, their own includes followed the same way, and handed to the C
 * definitions parser (cdefs.c) as if written in the script.
 */
#include "cinclude.h"
#include "diag.h"
#include "util.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_DEPTH 16

static struct {
	const char *script;       /* the script file, NULL for -e and stdin */
	const char *script_dir;   /* quoted includes of the script: "" for -e and stdin (the working directory) */
	VEC(const char *) dirs;   /* -I, in order */
	VEC(const char *) files;  /* --include, in order */
	VEC(const char *) seen;   /* real paths read in this parse: each header once */
} inc;

void cinclude_set_script(const char *path)
{
	const char *slash = path ? strrchr(path, '/') : NULL;

	inc.script = path;
	inc.script_dir = slash ? arena_printf("%.*s", (int)(slash - path), path) : "";
	if (slash == path)
		inc.script_dir = "/";
}

void cinclude_add_dir(const char *dir)
{
	vec_push(&inc.dirs, dir);
}

void cinclude_add_file(const char *file)
{
	vec_push(&inc.files, file);
}

const char *cinclude_script(void)
{
	return inc.script;
}

const char *cinclude_script_dir(void)
{
	return inc.script_dir ? inc.script_dir : "";
}

size_t cinclude_ndirs(void)
{
	return inc.dirs.len;
}

const char *cinclude_dir(size_t i)
{
	return i < inc.dirs.len ? inc.dirs.data[i] : NULL;
}

size_t cinclude_nfiles(void)
{
	return inc.files.len;
}

const char *cinclude_file(size_t i)
{
	return i < inc.files.len ? inc.files.data[i] : NULL;
}

void cinclude_begin(void)
{
	vec_free(&inc.seen);
}

static bool is_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static const char *join(const char *dir, const char *name)
{
	if (!dir || !*dir)
		return name;
	return arena_printf("%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", name);
}

/* As a C preprocessor: "name" next to the includer first, then the -I directories; <name> in those only. */
const char *cinclude_find(const char *name, bool quoted, const char *from_dir)
{
	if (name[0] == '/')
		return is_file(name) ? name : NULL;
	if (quoted) {
		const char *p = join(from_dir ? from_dir : inc.script_dir, name);
		if (is_file(p))
			return p;
	}
	for (size_t i = 0; i < inc.dirs.len; i++) {
		const char *p = join(inc.dirs.data[i], name);
		if (is_file(p))
			return p;
	}
	return NULL;
}

/* The marker cdefs.c maps its error positions with: a header's lines, reported at the script's #include. */
static void mark(struct cinclude_buf *b, const struct loc *at, int fline, const char *path)
{
	char *m = arena_printf("#sonde_inc %d %d %d %d %d %d %s\n", at->off, at->line, at->col, at->len > 0 ? at->len : 1,
			       at->file, fline, path);
	cinclude_buf_add(b, m, strlen(m));
}

void cinclude_buf_add(struct cinclude_buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->s = xrealloc(b->s, b->cap);
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

/* `#include "x"` or `#include <x>` on this line: the name, and whether it is quoted. */
static bool include_line(const char *line, size_t n, char *name, size_t size, bool *quoted)
{
	size_t p = 0;

	while (p < n && (line[p] == ' ' || line[p] == '\t'))
		p++;
	if (p >= n || line[p] != '#')
		return false;
	p++;
	while (p < n && (line[p] == ' ' || line[p] == '\t'))
		p++;
	if (n - p < 7 || strncmp(line + p, "include", 7))
		return false;
	p += 7;
	while (p < n && (line[p] == ' ' || line[p] == '\t'))
		p++;
	if (p >= n || (line[p] != '"' && line[p] != '<'))
		return false;
	char close = line[p] == '"' ? '"' : '>';
	const char *end = memchr(line + p + 1, close, n - p - 1);
	if (!end || (size_t)(end - (line + p + 1)) >= size)
		return false;
	*quoted = close == '"';
	memcpy(name, line + p + 1, end - (line + p + 1));
	name[end - (line + p + 1)] = '\0';
	return true;
}

int cinclude_read(struct cinclude_buf *b, const char *path, const struct loc *at, int depth)
{
	char real[PATH_MAX];

	if (depth > MAX_DEPTH) {
		diag_error(at, "headers included too deeply (more than %d levels) at %s", MAX_DEPTH, path);
		return -ELOOP;
	}
	if (!realpath(path, real))
		return -errno;
	for (size_t i = 0; i < inc.seen.len; i++)
		if (!strcmp(inc.seen.data[i], real))
			return 0;
	vec_push(&inc.seen, arena_strdup(real));
	char *text = read_file(path, NULL);
	if (!text) {
		int err = errno;
		diag_error(at, "cannot read %s: %s", path, strerror(err));
		return -err;
	}
	const char *slash = strrchr(path, '/');
	const char *dir = slash ? arena_printf("%.*s", (int)(slash - path), path) : "";
	if (slash == path)
		dir = "/";
	int line = 1, err = 0;
	mark(b, at, line, path);
	for (const char *p = text; *p && !err; line++) {
		const char *eol = strchr(p, '\n');
		size_t n = eol ? (size_t)(eol - p) : strlen(p);
		char name[PATH_MAX];
		bool quoted;
		const char *found = include_line(p, n, name, sizeof(name), &quoted) ? cinclude_find(name, quoted, dir)
										     : NULL;
		if (found) {
			cinclude_buf_add(b, "\n", 1);
			err = cinclude_read(b, found, at, depth + 1);
			/* back in this header, at its next line */
			mark(b, at, line + 1, path);
		} else {
			cinclude_buf_add(b, p, n);
			cinclude_buf_add(b, "\n", 1);
		}
		p = eol ? eol + 1 : p + n;
	}
	free(text);
	return err;
}
