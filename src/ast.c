/* ast.c: syntax tree nodes, the spelling of each enum, and the -d ast dump. */
#include "ast.h"
#include "types.h"
#include "util.h"

#include <ctype.h>
#include <inttypes.h>
#include <string.h>

struct node *node_new(enum node_kind kind, const struct loc *loc)
{
	struct node *n = arena_alloc(sizeof(*n));

	n->kind = kind;
	if (loc)
		n->loc = *loc;
	n->map_id = -1;
	n->var_id = -1;
	return n;
}

const char *binop_str(enum binop op)
{
	static const char *const names[BIN_MAX] = {
		[BIN_NONE] = "",  [BIN_ADD] = "+",  [BIN_SUB] = "-",  [BIN_MUL] = "*",
		[BIN_DIV] = "/",  [BIN_MOD] = "%",  [BIN_AND] = "&",  [BIN_OR] = "|",
		[BIN_XOR] = "^",  [BIN_SHL] = "<<", [BIN_SHR] = ">>", [BIN_EQ] = "==",
		[BIN_NE] = "!=",  [BIN_LT] = "<",   [BIN_LE] = "<=",  [BIN_GT] = ">",
		[BIN_GE] = ">=",  [BIN_LAND] = "&&", [BIN_LOR] = "||",
	};
	return (unsigned)op < BIN_MAX ? names[op] : "?";
}

const char *unop_str(enum unop op)
{
	static const char *const names[UN_MAX] = {
		[UN_NEG] = "-", [UN_NOT] = "!", [UN_BNOT] = "~", [UN_DEREF] = "*", [UN_ADDR] = "&",
	};
	return (unsigned)op < UN_MAX ? names[op] : "?";
}

static const char *const builtin_names[BI_MAX] = {
	[BI_PID] = "pid",         [BI_TID] = "tid",           [BI_UID] = "uid",
	[BI_GID] = "gid",         [BI_COMM] = "comm",         [BI_NSECS] = "nsecs",
	[BI_ELAPSED] = "elapsed", [BI_CPU] = "cpu",           [BI_NCPUS] = "ncpus",
	[BI_PROBE] = "probe",     [BI_ARGS] = "args",         [BI_ARG] = "arg",
	[BI_SARG] = "sarg",       [BI_RETVAL] = "retval",     [BI_FUNC] = "func",
	[BI_CURTASK] = "curtask", [BI_RAND] = "rand",         [BI_CGROUP] = "cgroup",
	[BI_KSTACK] = "kstack",   [BI_USTACK] = "ustack",     [BI_CPID] = "cpid",
	[BI_USERNAME] = "username", [BI_JIFFIES] = "jiffies", [BI_USERMODE] = "usermode",
	[BI_NUMAID] = "numaid",   [BI_CTX] = "ctx",
	[BI_PPID] = "ppid",       [BI_PCOMM] = "pcomm",       [BI_PROBETYPE] = "probetype",
	[BI_HAS_CPID] = "has_cpid", [BI_LEADER_TID] = "leader_tid", [BI_LEADER_COMM] = "leader_comm",
	[BI_DW_USTACK] = "dw_ustack",
};

const char *builtin_name(enum builtin b)
{
	return (unsigned)b < BI_MAX && builtin_names[b] ? builtin_names[b] : "?";
}

/* "arg12" -> 12; -1 unless the rest is 1 to 4 digits. */
static int numbered(const char *s, const char *prefix)
{
	size_t n = strlen(prefix);
	int v = 0;

	if (strncmp(s, prefix, n))
		return -1;
	s += n;
	if (!*s || strlen(s) > 4)
		return -1;
	for (; *s; s++) {
		if (!isdigit((unsigned char)*s))
			return -1;
		v = v * 10 + (*s - '0');
	}
	return v;
}

int builtin_lookup(const char *name, int *index)
{
	int i;

	if (index)
		*index = 0;
	if (!name)
		return -1;
	/* bpftrace's standard library defines its builtins over these spellings */
	if (!strncmp(name, "__builtin_", 10) && name[10])
		name += 10;
	if ((i = numbered(name, "arg")) >= 0) {
		if (index)
			*index = i;
		return BI_ARG;
	}
	if ((i = numbered(name, "sarg")) >= 0) {
		if (index)
			*index = i;
		return BI_SARG;
	}
	for (int b = 0; b < BI_MAX; b++)
		if (b != BI_ARG && b != BI_SARG && builtin_names[b] && !strcmp(builtin_names[b], name))
			return b;
	return -1;
}

static const char *const func_names[F_KIND_MAX] = {
	[F_UNKNOWN] = "?",
	[F_PRINTF] = "printf",     [F_PRINT] = "print",       [F_TIME] = "time",
	[F_EXIT] = "exit",         [F_STR] = "str",           [F_COUNT] = "count",
	[F_SUM] = "sum",           [F_AVG] = "avg",           [F_MIN] = "min",
	[F_MAX] = "max",           [F_STATS] = "stats",       [F_HIST] = "hist",
	[F_LHIST] = "lhist",       [F_DELETE] = "delete",     [F_CLEAR] = "clear",
	[F_ZERO] = "zero",         [F_KSYM] = "ksym",         [F_KADDR] = "kaddr",
	[F_USYM] = "usym",         [F_UADDR] = "uaddr",       [F_NTOP] = "ntop",
	[F_PTON] = "pton",         [F_MACADDR] = "macaddr",   [F_CGROUPID] = "cgroupid",
	[F_STRFTIME] = "strftime", [F_JOIN] = "join",         [F_CAT] = "cat",
	[F_SYSTEM] = "system",     [F_SIGNAL] = "signal",     [F_BSWAP] = "bswap",
	[F_HAS_KEY] = "has_key",   [F_LEN] = "len",           [F_ERRORF] = "errorf",
	[F_STRNCMP] = "strncmp",   [F_STRCONTAINS] = "strcontains", [F_STRLEN] = "strlen",
	[F_BUF] = "buf",           [F_KSTACK] = "kstack",     [F_USTACK] = "ustack",
	[F_REG] = "reg",           [F_OVERRIDE] = "override", [F_PATH] = "path",
	[F_CGROUP_PATH] = "cgroup_path", [F_DEBUGF] = "debugf", [F_UNWATCH] = "unwatch",
	[F_SKBOUTPUT] = "skboutput", [F_PERCPU_KADDR] = "percpu_kaddr", [F_NSECS] = "nsecs",
	[F_WARNF] = "warnf",       [F_KPTR] = "kptr",         [F_UPTR] = "uptr",
	[F_SIZEOF_FN] = "sizeof",
	[F_PPID] = "ppid",         [F_PCOMM] = "pcomm",       [F_SIGNAL_THREAD] = "signal_thread",
	[F_STRERROR] = "strerror", [F_STRSTR] = "strstr", [F_DW_USTACK] = "dw_ustack", [F_GETOPT] = "getopt",
	[F_ASSERT] = "assert",     [F_STATIC_ASSERT] = "static_assert", [F_ASSERT_STR] = "assert_str",
	[F_IS_ARRAY] = "is_array",
	[F_IS_INTEGER] = "is_integer", [F_IS_LITERAL] = "is_literal", [F_IS_PTR] = "is_ptr",
	[F_IS_STR] = "is_str",     [F_IS_UNSIGNED_INTEGER] = "is_unsigned_integer",
	[F_SYSCALL_NAME] = "syscall_name", [F_FIND] = "find",
	[F_SOCKET_COOKIE] = "socket_cookie", [F_KFUNC_EXIST] = "kfunc_exist",
	[F_MEMCMP] = "memcmp",     [F_GLOBMATCH] = "globmatch",
	[F_STRCAP] = "strcap",     [F_DEFAULT_STR_LENGTH] = "default_str_length",
	[F_CONFIG] = "config",
	[F_TSERIES] = "tseries",   [F_FAIL] = "fail",         [F_KFUNC_ALLOWED] = "kfunc_allowed",
	[F_SIGNAL_NAME] = "signal_name", [F_IS_ERR] = "is_err", [F_LEADER_TID] = "leader_tid",
	[F_LEADER_COMM] = "leader_comm", [F_WRITE_USER] = "write_user",
	[F_COMM_PID] = "comm",
};

struct node *ast_clone(const struct node *n)
{
	struct node *head = NULL, **tail = &head;

	for (; n; n = n->next) {
		struct node *c = arena_alloc(sizeof(*c));
		*c = *n;
		c->next = NULL;
		c->lhs = ast_clone(n->lhs);
		c->rhs = ast_clone(n->rhs);
		c->operand = ast_clone(n->operand);
		c->cond = ast_clone(n->cond);
		c->then = ast_clone(n->then);
		c->els = ast_clone(n->els);
		c->body = ast_clone(n->body);
		c->args = ast_clone(n->args);
		*tail = c;
		tail = &c->next;
	}
	return head;
}

const char *func_name(enum func f)
{
	return (unsigned)f < F_KIND_MAX && func_names[f] ? func_names[f] : "?";
}

enum func func_lookup(const char *name)
{
	if (!name)
		return F_UNKNOWN;
	for (int f = F_UNKNOWN + 1; f < F_KIND_MAX; f++)
		if (f != F_COMM_PID && func_names[f] && !strcmp(func_names[f], name))
			return f;
	return F_UNKNOWN;
}

/* ---- the dump ---- */

static void indent(FILE *f, int depth)
{
	for (int i = 0; i < depth; i++)
		fputc(' ', f);
}

static void put_escaped(FILE *f, const char *s, int len)
{
	fputc('"', f);
	for (int i = 0; i < len; i++) {
		unsigned char c = s[i];
		switch (c) {
		case '\n': fputs("\\n", f); break;
		case '\t': fputs("\\t", f); break;
		case '\r': fputs("\\r", f); break;
		case '\\': fputs("\\\\", f); break;
		case '"': fputs("\\\"", f); break;
		default:
			if (isprint(c))
				fputc(c, f);
			else
				fprintf(f, "\\x%02x", c);
		}
	}
	fputc('"', f);
}

static void dump_node(FILE *f, const struct node *n, int depth);

static void dump_list(FILE *f, const struct node *n, int depth)
{
	for (; n; n = n->next)
		dump_node(f, n, depth);
}

static void label(FILE *f, const char *what, int depth)
{
	indent(f, depth);
	fprintf(f, "%s\n", what);
}

static void end_line(FILE *f, const struct node *n)
{
	if (n->type)
		fprintf(f, " :: %s", type_str_name(n->type));
	fputc('\n', f);
}

/* The node's own line, without children. */
static void node_line(FILE *f, const struct node *n)
{
	switch (n->kind) {
	case N_INT:
		fprintf(f, "int %" PRIu64, n->ival);
		break;
	case N_STRING:
		fputs("string ", f);
		put_escaped(f, n->str ? n->str : "", n->str ? n->str_len : 0);
		break;
	case N_BUILTIN:
		if (n->builtin == BI_ARG || n->builtin == BI_SARG)
			fprintf(f, "builtin %s%d", builtin_name(n->builtin), n->index);
		else
			fprintf(f, "builtin %s", builtin_name(n->builtin));
		break;
	case N_VAR:
		fprintf(f, "var $%s", n->name);
		break;
	case N_MAP:
		fprintf(f, "map @%s", n->name);
		break;
	case N_CALL:
		fprintf(f, "call %s", n->name ? n->name : func_name(n->func));
		break;
	case N_BINARY:
		fprintf(f, "binary %s", binop_str(n->op));
		break;
	case N_UNARY:
		fprintf(f, "unary %s", unop_str(n->uop));
		break;
	case N_TERNARY:
		fputs("ternary", f);
		break;
	case N_ASSIGN:
		fprintf(f, "assign %s=", binop_str(n->op));
		break;
	case N_INCDEC:
		fprintf(f, "incdec %s %s", n->is_post ? "post" : "pre", n->is_inc ? "++" : "--");
		break;
	case N_FIELD:
		if (n->name)
			fprintf(f, "field %s%s", n->is_arrow ? "->" : ".", n->name);
		else
			fprintf(f, "field .%d", n->index);
		break;
	case N_INDEX:
		fputs("index", f);
		break;
	case N_CAST:
		fprintf(f, "cast (%s)", n->type_name);
		break;
	case N_TUPLE:
		if (!n->fnames) {
			fputs("tuple", f);
			break;
		}
		fputs("record (", f);
		for (int i = 0; i < n->nargs; i++)
			fprintf(f, "%s%s", i ? ", " : "", n->fnames[i].name);
		fputc(')', f);
		break;
	case N_SIZEOF:
		if (n->type_name)
			fprintf(f, "sizeof (%s)", n->type_name);
		else
			fputs("sizeof", f);
		break;
	case N_OFFSETOF:
		if (n->type_name)
			fprintf(f, "offsetof (%s, %s)", n->type_name, n->name);
		else
			fprintf(f, "offsetof (expr, %s)", n->name);
		break;
	case N_IDENT:
		fprintf(f, "ident %s", n->name);
		break;
	case N_BLOCK_EXPR:
		fputs("block_expr", f);
		break;
	case N_EXPR_STMT:
		fputs("expr", f);
		break;
	case N_BLOCK:
		fputs("block", f);
		break;
	case N_IF:
		fputs("if", f);
		break;
	case N_WHILE:
		fputs("while", f);
		break;
	case N_UNROLL:
		fputs("unroll", f);
		break;
	case N_FOR:
		fprintf(f, "for $%s", n->lhs && n->lhs->name ? n->lhs->name : "?");
		break;
	case N_RETURN:
		fputs("return", f);
		break;
	case N_BREAK:
		fputs("break", f);
		break;
	case N_CONTINUE:
		fputs("continue", f);
		break;
	case N_LET:
		fprintf(f, "let $%s", n->name);
		if (n->type_name)
			fprintf(f, " : %s", n->type_name);
		break;
	default:
		fprintf(f, "node %d", (int)n->kind);
		break;
	}
}

static void dump_node(FILE *f, const struct node *n, int depth)
{
	/* An expression statement shows as its expression: the tree reads like the script. */
	if (n->kind == N_EXPR_STMT && n->operand) {
		dump_node(f, n->operand, depth);
		return;
	}
	indent(f, depth);
	node_line(f, n);
	end_line(f, n);
	depth++;

	switch (n->kind) {
	case N_MAP:
	case N_CALL:
	case N_TUPLE:
		dump_list(f, n->args, depth);
		break;
	case N_BINARY:
	case N_ASSIGN:
		dump_node(f, n->lhs, depth);
		dump_node(f, n->rhs, depth);
		break;
	case N_INDEX:
		dump_node(f, n->operand, depth);
		dump_node(f, n->rhs, depth);
		break;
	case N_TERNARY:
		dump_node(f, n->cond, depth);
		dump_node(f, n->then, depth);
		dump_node(f, n->els, depth);
		break;
	case N_UNARY:
	case N_INCDEC:
	case N_FIELD:
	case N_CAST:
	case N_SIZEOF:
	case N_OFFSETOF:
	case N_EXPR_STMT:
	case N_RETURN:
		if (n->operand)
			dump_node(f, n->operand, depth);
		break;
	case N_BLOCK:
		dump_list(f, n->body, depth);
		break;
	case N_BLOCK_EXPR:
		dump_list(f, n->body, depth);
		label(f, "value", depth);
		dump_node(f, n->operand, depth + 1);
		break;
	case N_IF:
		dump_node(f, n->cond, depth);
		label(f, "then", depth);
		dump_list(f, n->then, depth + 1);
		if (n->els) {
			label(f, "else", depth);
			dump_list(f, n->els, depth + 1);
		}
		break;
	case N_WHILE:
		dump_node(f, n->cond, depth);
		label(f, "body", depth);
		dump_list(f, n->body, depth + 1);
		break;
	case N_UNROLL:
		dump_node(f, n->operand, depth);
		label(f, "body", depth);
		dump_list(f, n->body, depth + 1);
		break;
	case N_FOR:
		if (n->is_range) {
			label(f, "range", depth);
			dump_list(f, n->args, depth + 1);
		} else if (n->rhs) {
			dump_node(f, n->rhs, depth);
		}
		label(f, "body", depth);
		dump_list(f, n->body, depth + 1);
		break;
	case N_LET:
		if (n->rhs)
			dump_node(f, n->rhs, depth);
		break;
	default:
		break;
	}
}

static void dump_c_definitions(FILE *f, const char *s)
{
	fputs("c_definitions\n", f);
	while (*s) {
		const char *e = strchr(s, '\n');
		int n = e ? (int)(e - s) : (int)strlen(s);
		/* the parser's position markers for the C parser are not part of the script */
		if (strncmp(s, "#sonde_loc ", 11) && strncmp(s, "#sonde_inc ", 11))
			fprintf(f, " %.*s\n", n, s);
		s += n + (e ? 1 : 0);
	}
}

static void dump_macro(FILE *f, const struct ast_macro *m)
{
	fprintf(f, "macro %s(", m->name);
	for (const struct node *a = m->params; a; a = a->next)
		fprintf(f, "%s%s%s", a->kind == N_VAR ? "$" : a->kind == N_MAP ? "@" : "", a->name, a->next ? ", " : "");
	fputs(")\n", f);
	label(f, "body", 1);
	dump_list(f, m->body, 2);
	if (m->value) {
		label(f, "value", 1);
		dump_node(f, m->value, 2);
	}
}

void ast_dump(FILE *f, const struct ast_program *prog)
{
	if (!prog)
		return;
	if (prog->c_definitions && *prog->c_definitions)
		dump_c_definitions(f, prog->c_definitions);
	for (const struct ast_macro *m = prog->macros; m; m = m->next)
		dump_macro(f, m);
	for (const struct ast_config *c = prog->config; c; c = c->next) {
		fprintf(f, "config %s\n", c->key);
		if (c->value)
			dump_node(f, c->value, 1);
	}
	for (const struct ast_map_decl *m = prog->map_decls; m; m = m->next)
		fprintf(f, "map_decl @%s %s %" PRIu64 "\n", m->name, m->kind, m->max_entries);
	for (const struct ast_probe *p = prog->probes; p; p = p->next) {
		fputs("probe ", f);
		for (const struct ast_attach *a = p->attach; a; a = a->next)
			fprintf(f, "%s%s", a->text, a->next ? ", " : "");
		fputc('\n', f);
		if (p->pred) {
			label(f, "pred", 1);
			dump_node(f, p->pred, 2);
		}
		label(f, "body", 1);
		dump_list(f, p->body, 2);
	}
}
