/*
 * parser.c: the top level of a script (preamble, probes) and the token
 * helpers the expression and statement parsers share.
 */
#include "parser_impl.h"
#include "macro.h"
#include "util.h"
#include "cinclude.h"

#include <stdlib.h>
#include <string.h>

void parser_next(struct parser *p)
{
	p->prev = p->tok.loc;
	p->tok = lexer_next(&p->lx);
}

bool parser_accept(struct parser *p, enum tok_kind k)
{
	if (p->tok.kind != k)
		return false;
	parser_next(p);
	return true;
}

struct token parser_peek(const struct parser *p, int n)
{
	struct lexer lx = p->lx;
	struct token t = p->tok;

	for (int i = 0; i < n && t.kind != TOK_EOF; i++)
		t = lexer_next(&lx);
	return t;
}

/* How a token reads in "unexpected ..." messages. */
static const char *tok_desc(const struct parser *p, const struct token *t)
{
	int len = t->loc.len > 40 ? 40 : t->loc.len;
	const char *spelling = p->lx.src + t->loc.off;

	switch (t->kind) {
	case TOK_IDENT:
		return arena_printf("identifier '%.*s'", len, spelling);
	case TOK_INT:
		return arena_printf("integer '%.*s'", len, spelling);
	case TOK_STRING:
		return "string literal";
	case TOK_VAR:
		return arena_printf("variable '%.*s'", len, spelling);
	case TOK_MAP:
		return arena_printf("map '%.*s'", len, spelling);
	case TOK_POSITIONAL:
		return arena_printf("'%.*s'", len, spelling);
	default:
		return tok_kind_name(t->kind);
	}
}

_Noreturn void parser_unexpected(struct parser *p, const char *expecting)
{
	diag_fatal(&p->tok.loc, "syntax error: unexpected %s, expecting %s", tok_desc(p, &p->tok),
		   expecting);
}

struct token parser_expect(struct parser *p, enum tok_kind k, const char *what)
{
	struct token t = p->tok;

	if (t.kind != k)
		parser_unexpected(p, what ? what : tok_kind_name(k));
	parser_next(p);
	return t;
}

void parser_enter(struct parser *p, const struct loc *loc)
{
	if (++p->depth > PARSER_MAX_DEPTH)
		diag_fatal(loc, "syntax error: nesting is too deep (more than %d levels)", PARSER_MAX_DEPTH);
}

void parser_leave(struct parser *p)
{
	p->depth--;
}

struct loc parser_span(const struct parser *p, const struct loc *from)
{
	struct loc l = *from;
	int end = p->prev.off + p->prev.len;

	if (end > from->off)
		l.len = end - from->off;
	return l;
}

static struct named_param *named_params;
static int nnamed_params;

void parse_set_named_params(struct named_param *np, int n)
{
	named_params = np;
	nnamed_params = n;
}

bool parse_named_params_unused(void)
{
	bool any = false;

	for (int i = 0; i < nnamed_params; i++) {
		if (named_params[i].used)
			continue;
		fprintf(stderr, "%s%s", any ? ", " : "sonde: unexpected command line options: ", named_params[i].name);
		any = true;
	}
	if (any)
		fputc('\n', stderr);
	return any;
}

struct named_param *parser_named(const struct parser *p, const char *name)
{
	for (int i = 0; i < p->nnamed; i++)
		if (!strcmp(p->named[i].name, name))
			return &p->named[i];
	return NULL;
}

const char *parser_param(const struct parser *p, uint64_t n)
{
	if (n < 1 || n > (uint64_t)p->nparams || !p->params)
		return NULL;
	return p->params[n - 1] ? p->params[n - 1] : "";
}

/* ---- the preamble: C definitions, config, map declarations ---- */

/* Pieces of C text, joined once at the end (keeps many pieces linear). */
struct c_piece {
	struct c_piece *next;
	const char *s;
	int len;
};

struct c_text {
	struct c_piece *head, **tail;
	size_t total;
};

static void c_add(struct c_text *c, const char *s, int len)
{
	struct c_piece *pc = arena_alloc(sizeof(*pc));

	pc->s = s;
	pc->len = len;
	*c->tail = pc;
	c->tail = &pc->next;
	c->total += len + 1;
}

/*
 * Each piece is preceded by a line "#sonde_loc OFF LINE COL" giving where it
 * starts in the script, so that the C parser's errors point at the script.
 */
static void c_mark(struct c_text *c, const struct loc *at)
{
	const char *m = arena_printf("#sonde_loc %d %d %d %d", at->off, at->line, at->col, at->file);

	c_add(c, m, strlen(m));
}

static const char *c_join(const struct c_text *c)
{
	if (!c->head)
		return NULL;
	char *out = arena_alloc(c->total + 1), *o = out;
	for (const struct c_piece *pc = c->head; pc; pc = pc->next) {
		memcpy(o, pc->s, pc->len);
		o += pc->len;
		*o++ = '\n';
	}
	return out;
}

/* Notes where a piece of C text stands, for --fmt to print it as written. */
static void record_span(struct parser *p, const struct loc *start, int end)
{
	struct ast_span *sp = arena_alloc(sizeof(*sp));

	sp->loc = *start;
	sp->loc.len = end - start->off;
	*p->span_tail = sp;
	p->span_tail = &sp->next;
}

/* Moves the lexer forward to byte `to`, keeping line and column right. */
static void lexer_skip_to(struct lexer *lx, int to)
{
	while (lx->pos < to && lx->src[lx->pos]) {
		if (lx->src[lx->pos] == '\n') {
			lx->line++;
			lx->col = 1;
		} else {
			lx->col++;
		}
		lx->pos++;
	}
}

static bool directive_is(const char *s, int off, const char *word, bool prefix)
{
	size_t n = strlen(word);

	while (s[off] == ' ' || s[off] == '\t')
		off++;
	if (s[off] != '#')
		return false;
	off++;
	while (s[off] == ' ' || s[off] == '\t')
		off++;
	if (strncmp(s + off, word, n))
		return false;
	if (prefix)
		return true;
	char c = s[off + n];
	return !(c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'));
}

/*
 * #if/#ifdef/#ifndef ... #endif (typically #ifndef BPFTRACE_HAVE_BTF) is kept
 * whole: what is inside is C for a later stage, not bpftrace.
 */
static void capture_cpp_block(struct parser *p, struct c_text *c)
{
	const char *s = p->lx.src;
	struct token start = p->tok;
	int pos = p->lx.pos, depth = 1;

	while (s[pos] && depth) {
		if (s[pos] == '\n')
			pos++;
		if (directive_is(s, pos, "if", true))
			depth++;
		else if (directive_is(s, pos, "endif", false))
			depth--;
		while (s[pos] && s[pos] != '\n') {
			if (s[pos] == '\\' && s[pos + 1] == '\n')
				pos++;
			pos++;
		}
	}
	if (depth)
		diag_fatal(&start.loc, "unterminated conditional directive: missing #endif");
	c_mark(c, &start.loc);
	c_add(c, s + start.loc.off, pos - start.loc.off);
	record_span(p, &start.loc, pos);
	lexer_skip_to(&p->lx, pos);
	parser_next(p);
}

/*
 * struct/union/enum definitions, and typedefs, are taken as written up to the
 * closing brace (or ';').
 */
static void capture_c_def(struct parser *p, struct c_text *c, bool is_typedef)
{
	struct token start = p->tok;
	const char *last_name = NULL;
	int braces = 0;

	parser_next(p);
	for (;;) {
		enum tok_kind k = p->tok.kind;
		if (k == TOK_IDENT && braces == 0)
			last_name = p->tok.text;
		if (k == TOK_EOF)
			diag_fatal(&start.loc, "unterminated %s definition", start.text);
		if (k == TOK_LBRACE) {
			braces++;
		} else if (k == TOK_RBRACE) {
			if (braces == 0)
				parser_unexpected(p, "';'");
			if (--braces == 0 && !is_typedef) {
				parser_next(p);
				parser_accept(p, TOK_SEMI);
				break;
			}
		} else if (k == TOK_SEMI && braces == 0) {
			/* typedef ... NAME; declares a type name that casts may use */
			if (is_typedef && last_name && p->ntypedefs < (int)ARRAY_SIZE(p->typedefs))
				p->typedefs[p->ntypedefs++] = last_name;
			parser_next(p);
			break;
		}
		parser_next(p);
	}
	c_mark(c, &start.loc);
	c_add(c, p->lx.src + start.loc.off, p->prev.off + p->prev.len - start.loc.off);
	record_span(p, &start.loc, p->prev.off + p->prev.len);
}

static struct node *config_value(struct parser *p)
{
	struct token t = p->tok;
	struct node *n;

	switch (t.kind) {
	case TOK_INT:
		n = node_new(N_INT, &t.loc);
		n->ival = t.value;
		break;
	case TOK_STRING:
		n = node_new(N_STRING, &t.loc);
		n->str = t.text;
		n->str_len = t.text_len;
		break;
	case TOK_IDENT:
		/* stack_mode = perf, missing_probes = warn: a bare word is its own text. */
		n = node_new(N_STRING, &t.loc);
		n->str = t.text;
		n->str_len = t.text_len;
		break;
	default:
		parser_unexpected(p, "config value");
	}
	parser_next(p);
	return n;
}

static void parse_config(struct parser *p, struct ast_program *prog, struct ast_config ***tail)
{
	if (prog->nprobes)
		diag_fatal(&p->tok.loc, "the config block must come before any probe");
	if (!prog->config_loc.len)
		prog->config_loc = p->tok.loc;
	parser_next(p);
	parser_expect(p, TOK_ASSIGN, "'='");
	parser_expect(p, TOK_LBRACE, "'{'");
	while (!parser_accept(p, TOK_RBRACE)) {
		if (parser_accept(p, TOK_SEMI))
			continue;
		struct token key = p->tok;
		if (key.kind != TOK_IDENT)
			parser_unexpected(p, "config key");
		parser_next(p);
		parser_expect(p, TOK_ASSIGN, "'='");
		struct ast_config *c = arena_alloc(sizeof(*c));
		c->key = key.text;
		c->loc = key.loc;
		c->value = config_value(p);
		c->loc = parser_span(p, &key.loc);
		**tail = c;
		*tail = &c->next;
		if (p->tok.kind != TOK_RBRACE)
			parser_expect(p, TOK_SEMI, "';'");
	}
	parser_accept(p, TOK_SEMI);
}

static void parse_map_decl(struct parser *p, struct ast_map_decl ***tail)
{
	static const char *const kinds[] = { "hash", "lruhash", "percpuhash", "percpulruhash" };
	struct token let = p->tok;

	parser_next(p);
	struct token map = parser_expect(p, TOK_MAP, "map");
	parser_expect(p, TOK_ASSIGN, "'='");
	struct token kind = parser_expect(p, TOK_IDENT, "map type");
	bool known = false;
	for (size_t i = 0; i < ARRAY_SIZE(kinds); i++)
		known |= !strcmp(kind.text, kinds[i]);
	if (!known)
		diag_fatal(&kind.loc, "unknown map type '%s' (expecting hash, lruhash, percpuhash or percpulruhash)",
			   kind.text);
	parser_expect(p, TOK_LPAREN, "'('");
	struct token size = parser_expect(p, TOK_INT, "integer");
	parser_expect(p, TOK_RPAREN, "')'");

	struct ast_map_decl *d = arena_alloc(sizeof(*d));
	d->name = map.text;
	d->kind = kind.text;
	d->max_entries = size.value;
	d->loc = parser_span(p, &let.loc);
	parser_accept(p, TOK_SEMI);
	**tail = d;
	*tail = &d->next;
}

/* ---- macros ---- */

/* param := VAR | MAP | IDENT */
static struct node *parse_macro_param(struct parser *p, const struct ast_macro *m)
{
	struct token t = p->tok;
	struct node *n;

	switch (t.kind) {
	case TOK_VAR:
		n = node_new(N_VAR, &t.loc);
		break;
	case TOK_MAP:
		n = node_new(N_MAP, &t.loc);
		break;
	case TOK_IDENT:
		if (builtin_lookup(t.text, NULL) >= 0)
			diag_fatal(&t.loc, "'%s' is a builtin: it cannot name a macro parameter", t.text);
		n = node_new(N_IDENT, &t.loc);
		break;
	default:
		parser_unexpected(p, "a parameter ($var, @map or name)");
	}
	n->name = t.text;
	for (const struct node *q = m->params; q; q = q->next)
		if (q->kind == n->kind && !strcmp(q->name, n->name))
			diag_fatal(&t.loc, "macro '%s' has two parameters named '%.*s'", m->name, t.loc.len,
				   p->lx.src + t.loc.off);
	parser_next(p);
	return n;
}

/* macro := 'macro' IDENT '(' [param {',' param}] ')' '{' { stmt ';' } [expr] '}' */
static void parse_macro(struct parser *p, struct ast_macro ***tail)
{
	struct ast_macro *m = arena_alloc(sizeof(*m));
	struct node **ptail = &m->params;

	parser_next(p);
	struct token name = parser_expect(p, TOK_IDENT, "macro name");
	if (builtin_lookup(name.text, NULL) >= 0 || func_lookup(name.text) != F_UNKNOWN)
		diag_fatal(&name.loc, "'%s' is a builtin %s: a macro cannot take its name", name.text,
			   func_lookup(name.text) != F_UNKNOWN ? "function" : "variable");
	m->name = name.text;
	m->loc = name.loc;
	parser_expect(p, TOK_LPAREN, "'('");
	if (!parser_accept(p, TOK_RPAREN)) {
		for (;;) {
			*ptail = parse_macro_param(p, m);
			ptail = &(*ptail)->next;
			m->nparams++;
			if (parser_accept(p, TOK_RPAREN))
				break;
			parser_expect(p, TOK_COMMA, "',' or ')'");
		}
	}
	/*
	 * Overloads: another definition of the name must take other arguments
	 * than every earlier one would (their count, or $var/@map where an
	 * earlier one has a plain name: the more specific comes first).
	 */
	struct node **params = arena_alloc(sizeof(*params) * (m->nparams + 1));
	int np = 0;
	for (struct node *q = m->params; q; q = q->next)
		params[np++] = q;
	for (const struct ast_macro *o = p->macros; o; o = o->next)
		if (!strcmp(o->name, m->name) && macro_distance(o, params, np) == 0)
			diag_fatal(&name.loc, "macro '%s' is already defined, at line %d, for these arguments%s", m->name,
				   o->loc.line, o->nparams ? " (a definition with $var or @map parameters goes before "
				   "one with plain names)" : "");
	if (p->tok.kind != TOK_LBRACE)
		parser_unexpected(p, "'{'");
	m->body = parse_block_value(p, &m->value);
	**tail = m;
	*tail = &m->next;
}

/* ---- probes ---- */

/* Copies text with each $N replaced by its argument into out (if non-NULL); returns the length. */
static size_t substitute(const struct parser *p, const char *text, char *out)
{
	size_t n = 0;

	for (const char *s = text; *s;) {
		if (*s != '$' || s[1] < '0' || s[1] > '9') {
			if (out)
				out[n] = *s;
			n++;
			s++;
			continue;
		}
		uint64_t k = 0;
		for (s++; *s >= '0' && *s <= '9'; s++)
			k = k > 100000000 ? k : k * 10 + (*s - '0');
		const char *arg = parser_param(p, k);
		size_t len = arg ? strlen(arg) : 0;
		if (out && len)
			memcpy(out + n, arg, len);
		n += len;
	}
	return n;
}

/* `uprobe:$1:main`: positional parameters in attach points are text. */
static const char *attach_substitute(const struct parser *p, const char *text)
{
	if (!strchr(text, '$'))
		return text;
	char *out = arena_alloc(substitute(p, text, NULL) + 1);
	substitute(p, text, out);
	return out;
}

static struct ast_probe *parse_probe(struct parser *p, int index)
{
	struct ast_probe *pr = arena_alloc(sizeof(*pr));
	struct ast_attach **tail = &pr->attach;

	pr->loc = p->tok.loc;
	pr->index = index;
	for (;;) {
		/* `$1 { ... }`: the whole attach point may come from a parameter */
		if (p->tok.kind != TOK_IDENT && p->tok.kind != TOK_POSITIONAL)
			parser_unexpected(p, "attach point");
		p->tok = lexer_attach_point(&p->lx, &p->tok);
		struct ast_attach *a = arena_alloc(sizeof(*a));
		a->text = attach_substitute(p, p->tok.text);
		a->loc = p->tok.loc;
		*tail = a;
		tail = &a->next;
		parser_next(p);
		if (!parser_accept(p, TOK_COMMA))
			break;
	}
	if (p->tok.kind == TOK_SLASH) {
		parser_next(p);
		p->in_pred = true;
		pr->pred = parse_expr(p);
		p->in_pred = false;
		parser_expect(p, TOK_SLASH, "'/'");
	}
	if (p->tok.kind != TOK_LBRACE)
		parser_unexpected(p, pr->pred ? "'{'" : "'{' or '/'");
	pr->body = parse_block(p);
	return pr;
}

/*
 * A user's header: its text joins the C definitions where the #include
 * stands. Quoted ones are looked up next to the script and in the -I
 * directories, <name> in those only; what is not found there is a system
 * header, which sonde does without (kernel types come from BTF), and a
 * quoted one not found says so.
 */
static void include_header(struct parser *p, struct c_text *c, const struct token *t)
{
	const char *s = p->lx.src + t->loc.off + 1;

	s += strspn(s, " \t");
	s += strlen("include");
	s += strspn(s, " \t");
	bool quoted = *s == '"';
	const char *path = cinclude_find(t->text, quoted, NULL);
	if (!path) {
		if (quoted)
			diag_warn(&t->loc, "'%s' not found next to the script or in a -I directory: its definitions "
					   "are not read (kernel types come from BTF)", t->text);
		c_mark(c, &t->loc);
		c_add(c, p->lx.src + t->loc.off, t->loc.len);
		return;
	}
	struct cinclude_buf b = { 0 };
	int err = cinclude_read(&b, path, &t->loc, 0);
	if (b.s)
		c_add(c, arena_strndup(b.s, b.len), b.len);
	free(b.s);
	if (err)
		diag_bail();
}

/* --include FILE: as `#include "FILE"` above the script; a file not found is a system header. */
static void include_files(struct c_text *c)
{
	static const struct loc top = { .line = 1, .col = 1, .len = 1 };

	for (size_t i = 0; i < cinclude_nfiles(); i++) {
		const char *name = cinclude_file(i), *path = cinclude_find(name, true, NULL);
		/* ./x.h or /x.h names a file of the user's: missing, it is a mistake, not a system header */
		if (!path && (name[0] == '/' || !strncmp(name, "./", 2) || !strncmp(name, "../", 3)))
			diag_fatal(NULL, "--include %s: no such file", name);
		if (!path)
			continue;
		struct cinclude_buf b = { 0 };
		int err = cinclude_read(&b, path, &top, 0);
		if (b.s)
			c_add(c, arena_strndup(b.s, b.len), b.len);
		free(b.s);
		if (err)
			diag_bail();
	}
}

/* import "PATH"; at the top level: resolved after parsing (import.c) */
static void parse_import(struct parser *p, struct ast_import ***tail)
{
	struct loc at = p->tok.loc;

	parser_next(p);
	if (p->tok.kind != TOK_STRING)
		parser_unexpected(p, "a quoted path after import");
	struct ast_import *im = arena_alloc(sizeof(*im));
	im->path = p->tok.text;
	im->loc = p->tok.loc;
	im->kw = at;
	parser_next(p);
	if (p->tok.kind == TOK_SEMI)
		parser_next(p);
	**tail = im;
	*tail = &im->next;
}

struct ast_program *parse_program(const char *src, int nparams, char **params)
{
	return parse_program_file(src, 0, nparams, params);
}

struct ast_program *parse_program_file(const char *src, int file, int nparams, char **params)
{
	struct parser P = { 0 }, *p = &P;
	struct ast_program *prog = arena_alloc(sizeof(*prog));
	struct ast_probe **probe_tail = &prog->probes;
	struct ast_config **config_tail = &prog->config;
	struct ast_map_decl **decl_tail = &prog->map_decls;
	struct ast_macro **macro_tail = &prog->macros;
	struct ast_import **import_tail = &prog->imports;
	struct c_text c = { .tail = &c.head };

	lexer_init(&p->lx, src);
	p->lx.file = file;
	p->nparams = nparams < 0 ? 0 : nparams;
	p->params = params;
	p->named = named_params;
	p->nnamed = nnamed_params;
	p->span_tail = &prog->c_spans;
	cinclude_begin();
	/* --include FILE goes above the script, not above each imported one */
	if (!file)
		include_files(&c);
	parser_next(p);
	while (p->tok.kind != TOK_EOF) {
		switch (p->tok.kind) {
		case TOK_INCLUDE:
			record_span(p, &p->tok.loc, p->tok.loc.off + p->tok.loc.len);
			include_header(p, &c, &p->tok);
			parser_next(p);
			break;
		case TOK_CPP:
			if (p->tok.kind == TOK_CPP && directive_is(p->lx.src, p->tok.loc.off, "if", true)) {
				capture_cpp_block(p, &c);
				break;
			}
			c_mark(&c, &p->tok.loc);
			c_add(&c, p->lx.src + p->tok.loc.off, p->tok.loc.len);
			record_span(p, &p->tok.loc, p->tok.loc.off + p->tok.loc.len);
			parser_next(p);
			break;
		case TOK_STRUCT:
		case TOK_UNION:
		case TOK_ENUM:
			capture_c_def(p, &c, false);
			break;
		case TOK_CONFIG:
			parse_config(p, prog, &config_tail);
			break;
		case TOK_LET:
			parse_map_decl(p, &decl_tail);
			break;
		case TOK_SEMI:
			parser_next(p);
			break;
		case TOK_MACRO:
			p->macros = prog->macros;
			parse_macro(p, &macro_tail);
			break;
		case TOK_IMPORT:
			parse_import(p, &import_tail);
			break;
		case TOK_FN:
			diag_fatal(&p->tok.loc, "%s is not supported by sonde", tok_kind_name(p->tok.kind));
		case TOK_IDENT:
		case TOK_POSITIONAL:
			if (p->tok.kind == TOK_IDENT && !strcmp(p->tok.text, "typedef")) {
				capture_c_def(p, &c, true);
				break;
			}
			*probe_tail = parse_probe(p, prog->nprobes++);
			probe_tail = &(*probe_tail)->next;
			break;
		default:
			parser_unexpected(p, "attach point");
		}
	}
	prog->c_definitions = c_join(&c);
	return prog;
}
