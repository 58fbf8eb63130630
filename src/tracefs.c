/*
 * tracefs.c: where tracefs is, tracepoint ids, tracepoint formats as record
 * types, and wildcard matching over the tracepoints the kernel has.
 */
#include "runtime.h"
#include "diag.h"
#include "util.h"

#include <ctype.h>
#include <errno.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

#define TRACEFS "/sys/kernel/tracing"
#define DEBUGFS_TRACING "/sys/kernel/debug/tracing"
/* The checker replaces this with config max_strlen; a __data_loc string has no size of its own. */
#define DATA_LOC_STR_SIZE 64

static bool has_events(const char *dir)
{
	char path[PATH_MAX];
	snprintf(path, sizeof(path), "%s/events", dir);
	return access(path, F_OK) == 0;
}

const char *tracefs_dir(void)
{
	static const char *dir;
	static bool failed;

	if (dir)
		return dir;
	if (failed) {
		errno = ENOENT;
		return NULL;
	}
	if (has_events(TRACEFS))
		return dir = TRACEFS;
	int err = errno;
	if (has_events(DEBUGFS_TRACING))
		return dir = DEBUGFS_TRACING;
	if (err == EACCES || err == EPERM || errno == EACCES || errno == EPERM) {
		failed = true;
		diag_error(NULL, "cannot read tracefs: permission denied: sonde needs to run as root");
		errno = EACCES;
		return NULL;
	}
	if (geteuid() == 0 && mount("nodev", TRACEFS, "tracefs", 0, NULL) == 0 && has_events(TRACEFS))
		return dir = TRACEFS;
	failed = true;
	diag_error(NULL, "tracefs is not mounted: mount it with `mount -t tracefs nodev %s`", TRACEFS);
	errno = ENOENT;
	return NULL;
}

/* Category and event names come from the user: keep them from walking the tree. */
static bool valid_name(const char *s)
{
	if (!s || !*s || !strcmp(s, ".") || !strcmp(s, ".."))
		return false;
	return !strchr(s, '/');
}

static char *event_file(const char *cat, const char *name, const char *file)
{
	const char *dir = tracefs_dir();
	if (!dir)
		return NULL;
	if (!valid_name(cat) || !valid_name(name)) {
		errno = ENOENT;
		return NULL;
	}
	return xasprintf("%s/events/%s/%s/%s", dir, cat, name, file);
}

int tracefs_tp_id(const char *cat, const char *name)
{
	char *path = event_file(cat, name, "id");
	if (!path)
		return -errno;
	char *text = read_file(path, NULL);
	int err = errno;
	free(path);
	if (!text)
		return -err;
	char *end;
	long id = strtol(text, &end, 10);
	bool ok = end != text && id >= 0 && id <= INT_MAX;
	free(text);
	return ok ? (int)id : -EINVAL;
}

struct type *tracefs_tp_format(const char *cat, const char *name)
{
	char *path = event_file(cat, name, "format");
	if (!path)
		return NULL;
	char *text = read_file(path, NULL);
	int err = errno;
	free(path);
	if (!text) {
		errno = err;
		return NULL;
	}
	struct type *t = tracefs_parse_format(text, cat);
	free(text);
	if (!t)
		errno = EINVAL;
	return t;
}

/* ---- format parsing ---- */

struct decl {
	char type[128];     /* "const char *", "unsigned long", "struct file *" */
	char name[64];
	bool data_loc;
	bool array;         /* NAME[N] or __data_loc T[] */
	long count;         /* -1: no count given */
};

static void trim(char *s)
{
	size_t n = strlen(s), i = 0;
	while (n && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
	while (isspace((unsigned char)s[i]))
		i++;
	memmove(s, s + i, n - i + 1);
}

/* Splits "TYPE NAME[N]" (or "__data_loc TYPE[] NAME"). */
static bool parse_decl(const char *text, size_t len, struct decl *d)
{
	char buf[256];

	memset(d, 0, sizeof(*d));
	d->count = -1;
	if (len >= sizeof(buf))
		return false;
	memcpy(buf, text, len);
	buf[len] = '\0';
	trim(buf);
	char *s = buf;
	if (!strncmp(s, "__data_loc ", 11)) {
		d->data_loc = true;
		s += 11;
	}
	size_t n = strlen(s);
	if (n && s[n - 1] == ']') {
		char *open = strrchr(s, '[');
		if (!open)
			return false;
		d->array = true;
		char *end;
		long c = strtol(open + 1, &end, 0);
		d->count = end != open + 1 && *end == ']' ? c : -1;
		*open = '\0';
		n = strlen(s);
	}
	/* The name is the trailing identifier. */
	while (n && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
	size_t start = n;
	while (start && (isalnum((unsigned char)s[start - 1]) || s[start - 1] == '_'))
		start--;
	if (start == n || n - start >= sizeof(d->name))
		return false;
	memcpy(d->name, s + start, n - start);
	d->name[n - start] = '\0';
	s[start] = '\0';
	/* __data_loc char[] NAME: the brackets belong to the type. */
	char *br = strstr(s, "[]");
	if (br) {
		d->array = true;
		*br = '\0';
	}
	trim(s);
	if (strlen(s) >= sizeof(d->type) || !*s)
		return false;
	strcpy(d->type, s);
	return true;
}

/* Removes qualifiers and address-space markers that do not change what a value is. */
static void strip_qualifiers(char *s)
{
	static const char *const words[] = { "const", "volatile", "__user", "__seg_gs", "__seg_fs", "__iomem",
					     "__rcu", "__percpu", "__force" };
	char out[128] = "";
	char *save, *tok;

	for (tok = strtok_r(s, " \t", &save); tok; tok = strtok_r(NULL, " \t", &save)) {
		bool skip = false;
		for (size_t i = 0; i < ARRAY_SIZE(words); i++)
			if (!strcmp(tok, words[i]))
				skip = true;
		if (skip)
			continue;
		if (out[0])
			strncat(out, " ", sizeof(out) - strlen(out) - 1);
		strncat(out, tok, sizeof(out) - strlen(out) - 1);
	}
	strcpy(s, out);
}

/* Counts and removes trailing '*'s (with the qualifiers between them). */
static int pointer_depth(char *s)
{
	int depth = 0;
	for (;;) {
		trim(s);
		size_t n = strlen(s);
		if (n && s[n - 1] == '*') {
			s[n - 1] = '\0';
			depth++;
			continue;
		}
		if (n >= 5 && !strcmp(s + n - 5, "const") && (n == 5 || !isalnum((unsigned char)s[n - 6]))) {
			s[n - 5] = '\0';
			continue;
		}
		return depth;
	}
}

/*
 * Integer types the format marks signed:0 although they are signed: syscall
 * arguments are all stored as unsigned longs, but `int dfd` is still an int
 * (AT_FDCWD prints as -100).
 */
static bool name_is_signed(const char *t)
{
	static const char *const names[] = {
		"int", "signed", "signed int", "long", "long int", "signed long", "long long", "long long int",
		"signed long long", "short", "short int", "signed short", "signed char", "s8", "s16", "s32",
		"s64", "__s8", "__s16", "__s32", "__s64", "int8_t", "int16_t", "int32_t", "int64_t", "pid_t",
		"ssize_t", "loff_t", "off_t", "time_t", "time64_t", "clockid_t", "key_t", "timer_t", "mqd_t",
		"key_serial_t", "__kernel_old_time_t", "__kernel_time_t", "__kernel_pid_t", "__kernel_off_t",
	};
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (!strcmp(t, names[i]))
			return true;
	return false;
}

static bool is_char(const char *t)
{
	return !strcmp(t, "char") || !strcmp(t, "signed char");
}

/* The size of an element type known by its name; 0 when only the format can tell. */
static uint32_t known_size(const char *t)
{
	static const struct { const char *name; uint32_t size; } sizes[] = {
		{ "char", 1 }, { "signed char", 1 }, { "unsigned char", 1 }, { "u8", 1 }, { "__u8", 1 },
		{ "s8", 1 }, { "__s8", 1 }, { "uint8_t", 1 }, { "int8_t", 1 }, { "bool", 1 },
		{ "short", 2 }, { "unsigned short", 2 }, { "u16", 2 }, { "__u16", 2 }, { "s16", 2 },
		{ "__s16", 2 }, { "uint16_t", 2 }, { "int16_t", 2 },
		{ "int", 4 }, { "unsigned int", 4 }, { "unsigned", 4 }, { "u32", 4 }, { "__u32", 4 },
		{ "s32", 4 }, { "__s32", 4 }, { "uint32_t", 4 }, { "int32_t", 4 }, { "pid_t", 4 },
		{ "long", 8 }, { "unsigned long", 8 }, { "long long", 8 }, { "unsigned long long", 8 },
		{ "u64", 8 }, { "__u64", 8 }, { "s64", 8 }, { "__s64", 8 }, { "uint64_t", 8 },
		{ "int64_t", 8 }, { "size_t", 8 },
	};
	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++)
		if (!strcmp(t, sizes[i].name))
			return sizes[i].size;
	return 0;
}

/* What a pointer points to: enough for str(), casts and printing the type's name. */
static struct type *pointee(const char *base)
{
	if (!strcmp(base, "void"))
		return &type_void;
	if (!strncmp(base, "struct ", 7) || !strncmp(base, "union ", 6)) {
		struct type *t = type_new(TY_RECORD);
		t->name = arena_strdup(base);
		t->is_union = base[0] == 'u';
		return t;
	}
	uint32_t size = known_size(base);
	return type_int(size ? (int)size : 8, is_char(base) || name_is_signed(base));
}

static struct type *field_type(const struct decl *d, uint32_t size, bool is_signed, bool user)
{
	char base[128];

	strcpy(base, d->type);
	int depth = pointer_depth(base);
	strip_qualifiers(base);

	if (depth > 0 && !d->array) {
		struct type *t = pointee(base);
		for (int i = 0; i < depth; i++)
			t = type_ptr(t, user);
		return t;
	}
	if (d->data_loc) {
		if (is_char(base) && depth == 0)
			return type_str(DATA_LOC_STR_SIZE);
		struct type *t = type_new(TY_ARRAY);
		uint32_t es = depth ? 8 : known_size(base);
		t->elem = depth ? type_ptr(pointee(base), user) : type_int(es ? (int)es : 1, name_is_signed(base));
		t->align = t->elem->align ? t->elem->align : 1;
		return t;  /* count and size are only known at run time */
	}
	if (d->array) {
		if (is_char(base) && depth == 0)
			return type_str(size);
		uint32_t es = depth ? 8 : known_size(base);
		if (!es && d->count > 0)
			es = size / d->count;
		if (!es || es > 8 || (es & (es - 1)))
			es = 1;
		struct type *t = type_new(TY_ARRAY);
		t->elem = depth ? type_ptr(pointee(base), user) : type_int((int)es, name_is_signed(base));
		t->count = d->count > 0 ? (uint32_t)d->count : size / es;
		t->size = size;
		t->align = es;
		return t;
	}
	/*
	 * A syscall's `int dfd` fills an 8-byte slot with the whole register,
	 * whose upper half the caller need not have set: the value is the
	 * declared type's bytes, as in bpftrace (-100, not 4294967196).
	 */
	uint32_t declared = known_size(base);
	if (declared && declared < size)
		size = declared;
	if (size == 1 || size == 2 || size == 4 || size == 8)
		return type_int((int)size, is_signed || name_is_signed(base));
	/* A struct stored by value: keep its bytes. */
	struct type *t = type_new(TY_ARRAY);
	t->elem = &type_u8;
	t->count = size;
	t->size = size;
	return t;
}

/* "\tfield:int dfd;\toffset:16;\tsize:8;\tsigned:0;" -> the value after `key:` */
static bool field_attr(const char *line, const char *key, long *out)
{
	char pat[32];
	snprintf(pat, sizeof(pat), "%s:", key);
	const char *p = line;
	while ((p = strstr(p, pat))) {
		if (p == line || p[-1] == '\t' || p[-1] == ' ' || p[-1] == ';') {
			char *end;
			*out = strtol(p + strlen(pat), &end, 10);
			return end != p + strlen(pat);
		}
		p++;
	}
	return false;
}

struct type *tracefs_parse_format(const char *text, const char *cat)
{
	VEC(struct field) fields = { 0 };
	char name[128] = "";
	uint32_t record_size = 0;
	bool user = cat && !strcmp(cat, "syscalls");

	for (const char *line = text; line && *line;) {
		const char *eol = strchr(line, '\n');
		size_t len = eol ? (size_t)(eol - line) : strlen(line);
		char buf[512];
		if (len >= sizeof(buf))
			len = sizeof(buf) - 1;
		memcpy(buf, line, len);
		buf[len] = '\0';
		line = eol ? eol + 1 : NULL;

		if (!strncmp(buf, "name: ", 6)) {
			size_t n = strnlen(buf + 6, sizeof(name) - 1);
			memcpy(name, buf + 6, n);
			name[n] = '\0';
			trim(name);
			continue;
		}
		char *f = strstr(buf, "field:");
		if (!f || (f != buf && !isspace((unsigned char)f[-1])))
			continue;
		f += 6;
		char *semi = strchr(f, ';');
		long off, size, sign = 0;
		struct decl d;
		if (!semi || !field_attr(semi, "offset", &off) || !field_attr(semi, "size", &size) || off < 0 ||
		    size < 0 || !parse_decl(f, semi - f, &d))
			continue;
		field_attr(semi, "signed", &sign);
		if ((uint32_t)(off + size) > record_size)
			record_size = (uint32_t)(off + size);
		if (!strncmp(d.name, "common_", 7))
			continue;
		struct field fl = {
			.name = arena_strdup(d.name),
			.type = field_type(&d, (uint32_t)size, sign != 0, user),
			.offset = (uint32_t)off,
			.data_loc = d.data_loc,
		};
		vec_push(&fields, fl);
	}
	if (!name[0] && !fields.len) {
		vec_free(&fields);
		errno = EINVAL;
		return NULL;
	}
	struct type *t = type_new(TY_RECORD);
	t->name = cat && name[0] ? arena_printf("struct %s_%s_args", cat, name)
				 : arena_printf("struct %s_args", name[0] ? name : "tracepoint");
	t->size = record_size;
	t->align = 8;
	t->nfields = (int)fields.len;
	t->fields = arena_alloc(sizeof(struct field) * (fields.len ? fields.len : 1));
	if (fields.len)
		memcpy(t->fields, fields.data, sizeof(struct field) * fields.len);
	vec_free(&fields);
	return t;
}

/* ---- matching ---- */

struct tp_name {
	char *full;   /* "cat:name", split in place at `colon` */
	size_t colon;
};

static int compare_tp(const void *a, const void *b)
{
	return strcmp(((const struct tp_name *)a)->full, ((const struct tp_name *)b)->full);
}

static bool has_glob(const char *s)
{
	return strpbrk(s, "*?[") != NULL;
}

int tracefs_tp_foreach(const char *cat_glob, const char *name_glob,
		       void (*fn)(const char *cat, const char *name, void *arg), void *arg)
{
	const char *dir = tracefs_dir();
	if (!dir)
		return -ENOENT;
	if (!cat_glob || !*cat_glob)
		cat_glob = "*";
	if (!name_glob || !*name_glob)
		name_glob = "*";

	/* No wildcard: one access() instead of reading the list. */
	if (!has_glob(cat_glob) && !has_glob(name_glob)) {
		char *path = event_file(cat_glob, name_glob, "id");
		bool ok = path && access(path, F_OK) == 0;
		free(path);
		if (!ok)
			return 0;
		if (fn)
			fn(cat_glob, name_glob, arg);
		return 1;
	}

	char *path = xasprintf("%s/available_events", dir);
	char *text = read_file(path, NULL);
	int err = errno;
	free(path);
	if (!text)
		return -err;

	VEC(struct tp_name) matches = { 0 };
	for (char *line = text, *eol; *line; line = eol) {
		eol = strchr(line, '\n');
		if (eol)
			*eol++ = '\0';
		else
			eol = line + strlen(line);
		char *colon = strchr(line, ':');
		if (!colon)
			continue;
		*colon = '\0';
		bool ok = !fnmatch(cat_glob, line, 0) && !fnmatch(name_glob, colon + 1, 0);
		*colon = ':';
		if (ok)
			vec_push(&matches, ((struct tp_name){ line, (size_t)(colon - line) }));
	}
	/* The kernel lists events in registration order; users expect them sorted. */
	if (matches.len)
		qsort(matches.data, matches.len, sizeof(*matches.data), compare_tp);
	size_t n = 0;
	for (size_t i = 0; i < matches.len; i++) {
		if (i && !strcmp(matches.data[i].full, matches.data[i - 1].full))
			continue;
		matches.data[i].full[matches.data[i].colon] = '\0';
		if (fn)
			fn(matches.data[i].full, matches.data[i].full + matches.data[i].colon + 1, arg);
		matches.data[i].full[matches.data[i].colon] = ':';
		n++;
	}
	vec_free(&matches);
	free(text);
	return (int)n;
}
