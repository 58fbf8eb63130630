/*
 * sema_dump.c: -d types, what the checker decided: every map's layout, each
 * probe's scratch variables, and the syntax tree with a type on every
 * expression.
 */
#include "sema.h"
#include "ast.h"
#include "prog.h"

#include <bpf/libbpf.h>
#include <stdio.h>

static void dump_map(FILE *f, const struct map_desc *m)
{
	const char *kind = libbpf_bpf_map_type_str(m->bpf_type);

	fprintf(f, "  %s: ", m->name);
	if (m->key)
		fprintf(f, "[%s] ", type_str_name(m->key));
	if (m->agg != AGG_NONE)
		fprintf(f, "%s of %s", agg_name(m->agg), type_str_name(m->value));
	else
		fprintf(f, "%s", type_str_name(m->value));
	fprintf(f, "  (%s, key %u bytes, value %u bytes, %u entries)\n", kind ? kind : "?", m->key_size,
		m->value_size, m->max_entries);
}

void sema_dump(FILE *f, const struct sonde_prog *prog, const struct sema_result *sr, const struct ast_program *ast)
{
	fputs("maps\n", f);
	for (int i = 0; i < prog->nuser_maps; i++)
		dump_map(f, &prog->maps[i]);
	for (int i = 0; i < sr->nprobes; i++) {
		const struct probe_sema *ps = &sr->probes[i];
		if (!ps->nvars)
			continue;
		fprintf(f, "variables of probe %d (%s)\n", i + 1,
			ps->ast && ps->ast->attach ? ps->ast->attach->text : "?");
		for (int v = 0; v < ps->nvars; v++)
			fprintf(f, "  $%s: %s\n", ps->vars[v].name, type_str_name(ps->vars[v].type));
	}
	ast_dump(f, ast);
}
