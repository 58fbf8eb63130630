/*
 * import.c: bpftrace 0.26's top-level `import "PATH";`.
 *
 * A .bt script's probes, macros, map declarations and C definitions join
 * the importing script, as if written above it (its begin and end probes run
 * first, as bpftrace orders an import's before its importer's); a .h
 * header's C definitions join as an #include's would; a directory imports
 * the .bt and .h files in it. PATH is looked up next to the importing file,
 * then next to the script, then in the -I directories. A file is imported
 * once however many import it; a script that imports itself, directly or
 * not, is an error, as is a config block in an imported script (the script
 * alone sets config). bpftrace's .bpf.c and .bpf.o imports need a C compiler
 * that emits BPF; sonde has none, and says so at the import.
 */
#include "import.h"
#include "cinclude.h"
#include "diag.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define IMPORT_MAX_DEPTH 32

enum import_kind { IMPORT_BT, IMPORT_H, IMPORT_BPF_C, IMPORT_BPF_O, IMPORT_UNKNOWN };

struct seen {
	struct seen *next;
	const char *real;
};

/* In the arena, as the front end's memory is: a syntax error in an import unwinds past it. */
struct importer {
	int nparams;
	char **params;
	struct seen *done;         /* real paths imported: each once */
	const char *chain[IMPORT_MAX_DEPTH + 2]; /* real paths being imported, the script first */
	size_t depth;
};

/* "a.bt -> b.bt -> a.bt": the chain from where real appears in it, back to real */
static const char *cycle_text(const struct importer *im, const char *real)
{
	const char *s = NULL;
	size_t i = 0;

	while (i < im->depth && strcmp(im->chain[i], real))
		i++;
	for (; i < im->depth; i++)
		s = s ? arena_printf("%s -> %s", s, im->chain[i]) : im->chain[i];
	return arena_printf("%s -> %s", s, real);
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcmp(s + n - m, suffix);
}

/* .bpf.c and .bpf.o: bpftrace builds or links BPF C, which sonde has no compiler for (by design). */
static void refuse_bpf_c(const struct loc *at, const char *path)
{
	diag_error(at, "cannot import '%s': C sources and BPF objects need a C compiler that emits BPF, and sonde "
		       "compiles without one (no clang, no LLVM); put types in a .h and code in a .bt", path);
}

static enum import_kind kind_of(const char *path)
{
	if (ends_with(path, ".bt"))
		return IMPORT_BT;
	if (ends_with(path, ".h"))
		return IMPORT_H;
	if (ends_with(path, ".c"))
		return IMPORT_BPF_C;
	if (ends_with(path, ".o"))
		return IMPORT_BPF_O;
	return IMPORT_UNKNOWN;
}

static const char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return "";
	if (slash == path)
		return "/";
	return arena_printf("%.*s", (int)(slash - path), path);
}

static const char *join(const char *dir, const char *name)
{
	if (name[0] == '/' || !dir || !*dir)
		return name;
	return arena_printf("%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", name);
}

static bool in_chain(const struct importer *im, const char *real)
{
	for (size_t i = 0; i < im->depth; i++)
		if (!strcmp(im->chain[i], real))
			return true;
	return false;
}

/* Whether real was imported before; marks it imported. */
static bool once(struct importer *im, const char *real)
{
	for (const struct seen *s = im->done; s; s = s->next)
		if (!strcmp(s->real, real))
			return true;
	struct seen *s = arena_alloc(sizeof(*s));
	s->real = real;
	s->next = im->done;
	im->done = s;
	return false;
}

/* As bpftrace: a file others may write, or in a directory others may write, is not imported. */
static bool others_write(const char *path)
{
	struct stat st;
	const char *dir = dir_of(path);

	if (stat(path, &st) == 0 && (st.st_mode & S_IWOTH))
		return true;
	return stat(*dir ? dir : ".", &st) == 0 && (st.st_mode & S_IWOTH);
}

static void import_path(struct importer *im, struct ast_program *into, const char *path, const struct loc *at,
			bool in_dir);

/* from's probes, macros, map declarations and C definitions after into's */
static void append(struct ast_program *into, struct ast_program *from)
{
	struct ast_probe **pt = &into->probes;
	while (*pt)
		pt = &(*pt)->next;
	*pt = from->probes;
	into->nprobes += from->nprobes;

	struct ast_macro **mt = &into->macros;
	while (*mt)
		mt = &(*mt)->next;
	*mt = from->macros;

	struct ast_map_decl **dt = &into->map_decls;
	while (*dt)
		dt = &(*dt)->next;
	*dt = from->map_decls;

	if (from->c_definitions && *from->c_definitions)
		into->c_definitions = into->c_definitions ? arena_printf("%s\n%s", into->c_definitions, from->c_definitions)
							  : from->c_definitions;
}

static void import_list(struct importer *im, struct ast_program *prog, const char *from_dir);

static void import_bt(struct importer *im, struct ast_program *into, const char *path, const char *real,
		      const struct loc *at)
{
	size_t len = 0;
	char *text = read_file(path, &len);
	if (!text) {
		diag_error(at, "cannot read import '%s': %s", path, strerror(errno));
		return;
	}
	char *src = arena_strndup(text, len);
	free(text);
	int file = diag_add_source(path, src);
	struct ast_program *sub = parse_program_file(src, file, im->nparams, im->params);
	if (sub->config)
		diag_error(&sub->config->loc, "config in an imported script: only the script sonde runs sets config");
	im->chain[im->depth++] = real;
	import_list(im, sub, dir_of(path));
	im->depth--;
	append(into, sub);
}

static void import_h(struct ast_program *into, const char *path, const struct loc *at)
{
	struct cinclude_buf b = { 0 };
	int err = cinclude_read(&b, path, at, 0);
	if (b.s && b.len) {
		struct ast_program h = { .c_definitions = arena_strndup(b.s, b.len) };
		append(into, &h);
	}
	free(b.s);
	if (err)
		diag_bail();
}

/* Every .bt and .h file of a directory, in name order (others, and subdirectories, are left alone). */
static void import_dir(struct importer *im, struct ast_program *into, const char *dir, const struct loc *at)
{
	struct dirent **names = NULL;
	int n = scandir(dir, &names, NULL, alphasort);

	if (n < 0) {
		diag_error(at, "cannot read import '%s': %s", dir, strerror(errno));
		return;
	}
	/* the paths first, into the arena: an import may unwind (a syntax error) */
	const char **paths = arena_alloc(sizeof(*paths) * (size_t)(n + 1));
	int np = 0;
	for (int i = 0; i < n; i++) {
		const char *name = names[i]->d_name;
		enum import_kind k = kind_of(name);
		if (name[0] != '.' && (k == IMPORT_BT || k == IMPORT_H))
			paths[np++] = join(dir, arena_strdup(name));
		free(names[i]);
	}
	free(names);
	for (int i = 0; i < np; i++)
		import_path(im, into, paths[i], at, true);
}

static void import_path(struct importer *im, struct ast_program *into, const char *path, const struct loc *at,
			bool in_dir)
{
	struct stat st;
	char realbuf[PATH_MAX];

	if (stat(path, &st) || !realpath(path, realbuf)) {
		diag_error(at, "cannot read import '%s': %s", path, strerror(errno));
		return;
	}
	const char *real = arena_strdup(realbuf);
	if (others_write(path)) {
		diag_error(at, "refusing to import '%s': others may write it or its directory", path);
		return;
	}
	if (S_ISDIR(st.st_mode)) {
		if (in_dir)
			return;
		import_dir(im, into, path, at);
		return;
	}
	switch (kind_of(path)) {
	case IMPORT_BT:
		if (in_chain(im, real)) {
			diag_error(at, "import cycle: %s", cycle_text(im, real));
			return;
		}
		if (once(im, real))
			return;
		if (im->depth > IMPORT_MAX_DEPTH) {
			diag_error(at, "imports nested more than %d deep", IMPORT_MAX_DEPTH);
			return;
		}
		import_bt(im, into, path, real, at);
		return;
	case IMPORT_H:
		if (!once(im, real))
			import_h(into, path, at);
		return;
	case IMPORT_BPF_C:
	case IMPORT_BPF_O:
		refuse_bpf_c(at, path);
		return;
	case IMPORT_UNKNOWN:
		diag_error(at, "cannot import '%s': sonde imports .bt scripts, .h headers and directories of them",
			   path);
		return;
	}
}

/* Where NAME is: next to the importing file, next to the script, in a -I directory; NULL if nowhere. */
static const char *find(const char *name, const char *from_dir, const char **looked)
{
	struct stat st;

	if (name[0] == '/') {
		*looked = name;
		return stat(name, &st) == 0 ? name : NULL;
	}
	const char *dirs[2] = { from_dir, cinclude_script_dir() };
	*looked = NULL;
	for (size_t i = 0; i < 2 + cinclude_ndirs(); i++) {
		const char *dir = i < 2 ? dirs[i] : cinclude_dir(i - 2);
		if (i == 1 && !strcmp(dirs[0], dirs[1]))
			continue;
		const char *p = join(dir, name);
		const char *shown = *dir ? p : arena_printf("./%s", name);
		*looked = *looked ? arena_printf("%s, %s", *looked, shown) : shown;
		if (stat(p, &st) == 0)
			return p;
	}
	return NULL;
}

/*
 * prog's imports, in order, each one's contents gathered before the next's,
 * all of them before prog's own: as if written above it.
 */
static void import_list(struct importer *im, struct ast_program *prog, const char *from_dir)
{
	struct ast_import *list = prog->imports;
	struct ast_program acc = { 0 };

	prog->imports = NULL;
	for (struct ast_import *i = list; i; i = i->next) {
		enum import_kind k = kind_of(i->path);
		if (k == IMPORT_BPF_C || k == IMPORT_BPF_O) {
			refuse_bpf_c(&i->loc, i->path);
			continue;
		}
		const char *looked = NULL;
		const char *path = *i->path ? find(i->path, from_dir, &looked) : NULL;
		if (!path) {
			diag_error(&i->loc, "cannot find import '%s' (looked for %s)", i->path, looked ? looked : "a name");
			continue;
		}
		import_path(im, &acc, path, &i->loc, false);
	}
	append(&acc, prog);
	prog->probes = acc.probes;
	prog->nprobes = acc.nprobes;
	prog->macros = acc.macros;
	prog->map_decls = acc.map_decls;
	prog->c_definitions = acc.c_definitions;
}

int import_resolve(struct ast_program *prog, const char *script, int nparams, char **params)
{
	struct importer im = { .nparams = nparams, .params = params };
	char realbuf[PATH_MAX];
	int errs = diag_error_count();

	if (!prog->imports)
		return 0;
	if (script && realpath(script, realbuf))
		im.chain[im.depth++] = arena_strdup(realbuf);
	import_list(&im, prog, cinclude_script_dir());
	int p = 0;
	for (struct ast_probe *pr = prog->probes; pr; pr = pr->next)
		pr->index = p++;
	prog->nprobes = p;
	return diag_error_count() > errs ? -EINVAL : 0;
}
