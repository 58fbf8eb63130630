/*
 * btf_types.c: `sonde -l 'struct NAME'` and `sonde -lv 'struct NAME'`, the
 * kernel's structs, unions and enums from BTF, listed by name or printed as
 * C definitions, as bpftrace lists them.
 */
#include "btf.h"
#include "util.h"

#include <bpf/btf.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define DEF_INDENT "        "

static const char *kind_word(const struct btf_type *t)
{
	if (btf_is_struct(t))
		return "struct";
	if (btf_is_union(t))
		return "union";
	if (btf_is_enum(t) || btf_is_enum64(t))
		return "enum";
	return NULL;
}

/* libbpf indents the bodies of anonymous members with tabs: the members' 8 spaces instead */
static void emit_text(void *ctx, const char *fmt, va_list ap)
{
	FILE *out = ctx;
	char *s;

	if (vasprintf(&s, fmt, ap) < 0)
		return;
	for (const char *c = s; *c; c++) {
		if (*c == '\t')
			fputs(DEF_INDENT, out);
		else
			fputc(*c, out);
	}
	free(s);
}

static void print_enum(FILE *out, const struct btf *btf, const struct btf_type *t)
{
	bool is_signed = !btf_kflag(t);

	for (int i = 0; i < btf_vlen(t); i++) {
		const char *name;
		uint64_t v;
		if (btf_is_enum64(t)) {
			const struct btf_enum64 *e = btf_enum64(t) + i;
			name = btf__name_by_offset(btf, e->name_off);
			v = btf_enum64_value(e);
		} else {
			const struct btf_enum *e = btf_enum(t) + i;
			name = btf__name_by_offset(btf, e->name_off);
			v = is_signed ? (uint64_t)(int64_t)e->val : (uint32_t)e->val;
		}
		if (is_signed)
			fprintf(out, DEF_INDENT "%s = %lld,\n", name, (long long)v);
		else
			fprintf(out, DEF_INDENT "%s = %llu,\n", name, (unsigned long long)v);
	}
}

static void print_def(FILE *out, const struct btf *btf, struct btf_dump *d, const struct btf_type *t)
{
	fprintf(out, "%s %s {\n", kind_word(t), btf__name_by_offset(btf, t->name_off));
	if (!btf_is_composite(t)) {
		print_enum(out, btf, t);
	} else {
		const struct btf_member *m = btf_members(t);
		for (int i = 0; i < btf_vlen(t); i++) {
			LIBBPF_OPTS(btf_dump_emit_type_decl_opts, o, .field_name = btf__name_by_offset(btf, m[i].name_off),
				    .indent_level = 1);
			fputs(DEF_INDENT, out);
			btf_dump__emit_type_decl(d, m[i].type, &o);
			uint32_t bits = btf_member_bitfield_size(t, i);
			if (bits)
				fprintf(out, ":%u", bits);
			fputs(";\n", out);
		}
	}
	fputs("};\n", out);
}

int btf_list_types(FILE *out, const char *pattern, bool verbose)
{
	static const char *const words[] = { "struct ", "union ", "enum " };
	const char *glob = NULL, *word = NULL;

	for (size_t i = 0; i < ARRAY_SIZE(words) && !glob; i++) {
		if (!strncmp(pattern, words[i], strlen(words[i]))) {
			word = words[i];
			glob = pattern + strlen(words[i]);
		}
	}
	if (!glob)
		return -ENOENT;
	while (*glob == ' ')
		glob++;
	struct btf *btf = btf_handle();
	if (!btf) {
		fprintf(stderr, "sonde: listing %s: this kernel has no BTF (/sys/kernel/btf/vmlinux)\n", pattern);
		return -ENOENT;
	}
	struct btf_dump *d = verbose ? btf_dump__new(btf, emit_text, out, NULL) : NULL;
	if (verbose && !d)
		return -errno;
	int n = 0;
	uint32_t count = btf__type_cnt(btf);
	const char **seen = xcalloc(count, sizeof(*seen));
	int nseen = 0;
	for (uint32_t id = 1; id < count; id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);
		const char *kw = kind_word(t);
		const char *name = btf__name_by_offset(btf, t->name_off);
		if (!kw || !*name || strncmp(kw, word, strlen(kw)) || fnmatch(glob, name, 0))
			continue;
		/* a name defined twice (BTF dedup keeps conflicting copies): listed once */
		bool dup = false;
		for (int i = 0; i < nseen && !dup; i++)
			dup = !strcmp(seen[i], name);
		if (dup)
			continue;
		seen[nseen++] = name;
		if (verbose)
			print_def(out, btf, d, t);
		else
			fprintf(out, "%s %s\n", kw, name);
		n++;
	}
	free(seen);
	btf_dump__free(d);
	return n;
}
