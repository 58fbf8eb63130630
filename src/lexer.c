/* lexer.c: bpftrace source text to tokens. */
#include "lexer.h"
#include "util.h"

#include <ctype.h>
#include <string.h>

void lexer_init(struct lexer *lx, const char *src)
{
	lx->src = src ? src : "";
	lx->pos = 0;
	lx->line = 1;
	lx->col = 1;
	lx->file = 0;
}

static char peekc(const struct lexer *lx, int ahead)
{
	/* Never read past the terminating NUL. */
	for (int i = 0; i < ahead; i++)
		if (!lx->src[lx->pos + i])
			return '\0';
	return lx->src[lx->pos + ahead];
}

static char cur(const struct lexer *lx)
{
	return lx->src[lx->pos];
}

static void advance(struct lexer *lx)
{
	char c = lx->src[lx->pos];

	if (!c)
		return;
	lx->pos++;
	if (c == '\n') {
		lx->line++;
		lx->col = 1;
	} else {
		lx->col++;
	}
}

static struct loc here(const struct lexer *lx)
{
	return (struct loc){ .line = lx->line, .col = lx->col, .len = 1, .off = lx->pos, .file = lx->file };
}

static bool is_ident_start(char c)
{
	return isalpha((unsigned char)c) || c == '_';
}

static bool is_ident_char(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* A character for a message: printable as itself, others as \xNN. */
static const char *char_repr(char c)
{
	if (isprint((unsigned char)c))
		return arena_printf("%c", c);
	return arena_printf("\\x%02x", (unsigned char)c);
}

/* --fmt: the script's comments, in order (peeks and rewinds lex some twice: kept once). */
static bool keep_comments;
static struct loc *comments;
static int ncomments, comments_cap;

void lexer_keep_comments(bool on)
{
	keep_comments = on;
	/* a new script: the old list was the arena's */
	comments = NULL;
	ncomments = comments_cap = 0;
}

const struct loc *lexer_comments(int *n)
{
	*n = ncomments;
	return comments;
}

static void record_comment(const struct lexer *lx, struct loc start)
{
	if (!keep_comments || lx->file)
		return;
	if (ncomments && comments[ncomments - 1].off >= start.off)
		return;
	if (ncomments == comments_cap) {
		comments_cap = comments_cap ? 2 * comments_cap : 32;
		struct loc *grown = arena_alloc(sizeof(*grown) * comments_cap);
		if (ncomments)
			memcpy(grown, comments, sizeof(*grown) * ncomments);
		comments = grown;
	}
	start.len = lx->pos - start.off;
	comments[ncomments++] = start;
}

/* Skips white space and comments; true if anything was skipped. */
static bool skip_space(struct lexer *lx)
{
	bool any = false;

	/* A script run as an executable starts with "#!interpreter". */
	if (lx->pos == 0 && cur(lx) == '#' && peekc(lx, 1) == '!') {
		struct loc start = here(lx);
		while (cur(lx) && cur(lx) != '\n')
			advance(lx);
		record_comment(lx, start);
		any = true;
	}
	for (;;) {
		char c = cur(lx);
		if (is_space(c)) {
			advance(lx);
		} else if (c == '/' && peekc(lx, 1) == '/') {
			struct loc start = here(lx);
			while (cur(lx) && cur(lx) != '\n')
				advance(lx);
			record_comment(lx, start);
		} else if (c == '/' && peekc(lx, 1) == '*') {
			struct loc start = here(lx);
			start.len = 2;
			advance(lx);
			advance(lx);
			while (cur(lx) && !(cur(lx) == '*' && peekc(lx, 1) == '/'))
				advance(lx);
			if (!cur(lx))
				diag_fatal(&start, "unterminated comment");
			advance(lx);
			advance(lx);
			record_comment(lx, start);
		} else {
			return any;
		}
		any = true;
	}
}

static const struct {
	const char *word;
	enum tok_kind kind;
} keywords[] = {
	{ "if", TOK_IF },           { "else", TOK_ELSE },         { "while", TOK_WHILE },
	{ "for", TOK_FOR },         { "unroll", TOK_UNROLL },     { "return", TOK_RETURN },
	{ "break", TOK_BREAK },     { "continue", TOK_CONTINUE }, { "let", TOK_LET },
	{ "config", TOK_CONFIG },   { "struct", TOK_STRUCT },     { "union", TOK_UNION },
	{ "enum", TOK_ENUM },       { "sizeof", TOK_SIZEOF },     { "offsetof", TOK_OFFSETOF },
	{ "macro", TOK_MACRO },     { "fn", TOK_FN },             { "import", TOK_IMPORT },
};

static enum tok_kind keyword_kind(const char *s, int n)
{
	for (size_t i = 0; i < ARRAY_SIZE(keywords); i++)
		if ((int)strlen(keywords[i].word) == n && !memcmp(keywords[i].word, s, n))
			return keywords[i].kind;
	return TOK_IDENT;
}

static int hex_val(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static bool word_is(const char *s, int n, const char *w)
{
	return (int)strlen(w) == n && !strncasecmp(s, w, n);
}

/*
 * Suffixes: C integer suffixes (ignored) and durations (scale to ns).
 * 0, -1 for an unknown suffix, -2 on overflow.
 */
static int apply_suffix(const char *s, int n, uint64_t *v)
{
	static const struct {
		const char *sfx;
		uint64_t mul;
	} durations[] = {
		{ "ns", 1 },
		{ "us", 1000ull },
		{ "ms", 1000000ull },
		{ "s", 1000000000ull },
		{ "m", 60ull * 1000000000ull },
		{ "h", 3600ull * 1000000000ull },
		{ "d", 86400ull * 1000000000ull },
	};
	static const char *const c_suffixes[] = { "u", "l", "ul", "lu", "ll", "ull", "llu" };

	if (n == 0)
		return 0;
	for (size_t i = 0; i < ARRAY_SIZE(durations); i++) {
		/* Durations are case-sensitive: "1M" is not a minute. */
		if ((int)strlen(durations[i].sfx) == n && !memcmp(durations[i].sfx, s, n))
			return __builtin_mul_overflow(*v, durations[i].mul, v) ? -2 : 0;
	}
	for (size_t i = 0; i < ARRAY_SIZE(c_suffixes); i++)
		if (word_is(s, n, c_suffixes[i]))
			return 0;
	return -1;
}

static void lex_number(struct lexer *lx, struct token *t)
{
	int base = 10;
	uint64_t v = 0;
	bool overflow = false, digits = false;

	if (cur(lx) == '0' && (peekc(lx, 1) == 'x' || peekc(lx, 1) == 'X')) {
		base = 16;
		advance(lx);
		advance(lx);
	} else if (cur(lx) == '0' && (isdigit((unsigned char)peekc(lx, 1)) || peekc(lx, 1) == '_')) {
		base = 8;
		advance(lx);
		digits = true;
	}
	for (;;) {
		char c = cur(lx);
		int d;
		if (c == '_' && (digits || base != 16)) {
			advance(lx);
			continue;
		}
		d = hex_val(c);
		if (d < 0 || (base == 10 && d > 9) || (base == 8 && d > 9))
			break;
		if (base == 8 && d > 7) {
			struct loc l = here(lx);
			diag_fatal(&l, "invalid digit '%c' in octal literal", c);
		}
		if (__builtin_mul_overflow(v, (uint64_t)base, &v) ||
		    __builtin_add_overflow(v, (uint64_t)d, &v))
			overflow = true;
		digits = true;
		advance(lx);
	}
	if (!digits) {
		t->loc.len = lx->pos - t->loc.off;
		diag_fatal(&t->loc, "invalid hexadecimal literal");
	}
	/* Scientific notation: 1e6 is an integer in bpftrace. */
	if (base == 10 && (cur(lx) == 'e' || cur(lx) == 'E') && isdigit((unsigned char)peekc(lx, 1))) {
		uint64_t e = 0;
		advance(lx);
		while (isdigit((unsigned char)cur(lx))) {
			if (e < 1000)
				e = e * 10 + (cur(lx) - '0');
			advance(lx);
		}
		for (uint64_t i = 0; i < e && v && !overflow; i++)
			if (__builtin_mul_overflow(v, 10ull, &v))
				overflow = true;
	}
	int sfx = lx->pos;
	while (is_ident_char(cur(lx)))
		advance(lx);
	t->loc.len = lx->pos - t->loc.off;
	int r = apply_suffix(lx->src + sfx, lx->pos - sfx, &v);
	if (r == -1)
		diag_fatal(&t->loc, "invalid suffix '%.*s' on integer literal", lx->pos - sfx, lx->src + sfx);
	if (r == -2)
		overflow = true;
	if (overflow)
		diag_fatal(&t->loc, "integer literal is too large");
	t->kind = TOK_INT;
	t->value = v;
}

/*
 * Decodes one escape sequence (lx at the backslash) and returns the byte.
 */
static unsigned char lex_escape(struct lexer *lx)
{
	struct loc at = here(lx);
	char c;

	advance(lx);
	c = cur(lx);
	at.len = 2;
	switch (c) {
	case 'n': advance(lx); return '\n';
	case 't': advance(lx); return '\t';
	case 'r': advance(lx); return '\r';
	case '\\': advance(lx); return '\\';
	case '"': advance(lx); return '"';
	case '\'': advance(lx); return '\'';
	case 'x': {
		int v = 0, n = 0;
		advance(lx);
		while (n < 2 && hex_val(cur(lx)) >= 0) {
			v = v * 16 + hex_val(cur(lx));
			advance(lx);
			n++;
		}
		if (!n)
			diag_fatal(&at, "invalid escape '\\x': expected hexadecimal digits");
		return (unsigned char)v;
	}
	default:
		break;
	}
	if (c >= '0' && c <= '7') {
		int v = 0, n = 0;
		while (n < 3 && cur(lx) >= '0' && cur(lx) <= '7') {
			v = v * 8 + (cur(lx) - '0');
			advance(lx);
			n++;
		}
		if (v > 255) {
			at.len = n + 1;
			diag_fatal(&at, "octal escape out of range");
		}
		return (unsigned char)v;
	}
	if (!c || c == '\n')
		diag_fatal(&at, "unterminated string");
	diag_fatal(&at, "invalid escape '\\%s'", char_repr(c));
}

static void lex_string(struct lexer *lx, struct token *t)
{
	struct loc open = t->loc;
	int end = lx->pos + 1;

	/* Find the end first so the decoded bytes fit one arena buffer. */
	while (lx->src[end] && lx->src[end] != '"' && lx->src[end] != '\n') {
		if (lx->src[end] == '\\' && lx->src[end + 1] && lx->src[end + 1] != '\n')
			end++;
		end++;
	}
	if (lx->src[end] != '"')
		diag_fatal(&open, "unterminated string");

	char *buf = arena_alloc(end - lx->pos + 1);
	int n = 0;
	advance(lx);
	while (cur(lx) != '"') {
		if (cur(lx) == '\\') {
			buf[n++] = (char)lex_escape(lx);
		} else {
			buf[n++] = cur(lx);
			advance(lx);
		}
	}
	advance(lx);
	t->kind = TOK_STRING;
	t->text = buf;
	t->text_len = n;
}

static void lex_char(struct lexer *lx, struct token *t)
{
	unsigned char v;

	advance(lx);
	if (cur(lx) == '\'') {
		t->loc.len = 2;
		diag_fatal(&t->loc, "empty character literal");
	}
	if (!cur(lx) || cur(lx) == '\n' ||
	    (cur(lx) == '\\' && (!peekc(lx, 1) || peekc(lx, 1) == '\n')))
		diag_fatal(&t->loc, "unterminated character literal");
	if (cur(lx) == '\\') {
		v = lex_escape(lx);
	} else {
		v = (unsigned char)cur(lx);
		advance(lx);
	}
	if (cur(lx) != '\'') {
		while (cur(lx) && cur(lx) != '\'' && cur(lx) != '\n')
			advance(lx);
		if (cur(lx) != '\'')
			diag_fatal(&t->loc, "unterminated character literal");
		advance(lx);
		t->loc.len = lx->pos - t->loc.off;
		diag_fatal(&t->loc, "character literal holds more than one character");
	}
	advance(lx);
	t->kind = TOK_INT;
	t->value = v;
}

/* A preprocessor line: #include gives the header name, others the whole line. */
static void lex_preproc(struct lexer *lx, struct token *t)
{
	const char *s = lx->src;
	int p = lx->pos + 1;

	while (s[p] == ' ' || s[p] == '\t')
		p++;
	bool include = !strncmp(s + p, "include", 7) && !is_ident_char(s[p + 7]);

	/* Backslash-newline continues a directive (multi-line #define). */
	while (cur(lx) && cur(lx) != '\n') {
		if (cur(lx) == '\\' && peekc(lx, 1) == '\n')
			advance(lx);
		advance(lx);
	}
	t->loc.len = lx->pos - t->loc.off;
	t->text = arena_strndup(s + t->loc.off, t->loc.len);
	t->text_len = t->loc.len;
	t->kind = TOK_CPP;
	if (!include)
		return;

	p += 7;
	while (s[p] == ' ' || s[p] == '\t')
		p++;
	char close = s[p] == '<' ? '>' : s[p] == '"' ? '"' : 0;
	const char *end = close ? memchr(s + p + 1, close, lx->pos - p - 1) : NULL;
	if (!end)
		diag_fatal(&t->loc, "expected <file> or \"file\" after #include");
	t->kind = TOK_INCLUDE;
	t->text = arena_strndup(s + p + 1, end - (s + p + 1));
	t->text_len = end - (s + p + 1);
}

static enum tok_kind lex_punct(struct lexer *lx)
{
	char c = cur(lx), d = peekc(lx, 1), e = d ? peekc(lx, 2) : 0;
	enum tok_kind k;
	int n = 1;

	switch (c) {
	case '{': k = TOK_LBRACE; break;
	case '}': k = TOK_RBRACE; break;
	case '(': k = TOK_LPAREN; break;
	case ')': k = TOK_RPAREN; break;
	case '[': k = TOK_LBRACKET; break;
	case ']': k = TOK_RBRACKET; break;
	case ';': k = TOK_SEMI; break;
	case ',': k = TOK_COMMA; break;
	case ':': k = TOK_COLON; break;
	case '?': k = TOK_QUESTION; break;
	case '~': k = TOK_TILDE; break;
	case '.':
		k = d == '.' ? (n = 2, TOK_DOTDOT) : TOK_DOT;
		break;
	case '+':
		k = d == '+' ? (n = 2, TOK_INC) : d == '=' ? (n = 2, TOK_PLUSEQ) : TOK_PLUS;
		break;
	case '-':
		k = d == '-' ? (n = 2, TOK_DEC) : d == '=' ? (n = 2, TOK_MINUSEQ) :
		    d == '>' ? (n = 2, TOK_ARROW) : TOK_MINUS;
		break;
	case '*': k = d == '=' ? (n = 2, TOK_STAREQ) : TOK_STAR; break;
	case '/': k = d == '=' ? (n = 2, TOK_SLASHEQ) : TOK_SLASH; break;
	case '%': k = d == '=' ? (n = 2, TOK_PERCENTEQ) : TOK_PERCENT; break;
	case '^': k = d == '=' ? (n = 2, TOK_CARETEQ) : TOK_CARET; break;
	case '!': k = d == '=' ? (n = 2, TOK_NE) : TOK_BANG; break;
	case '=': k = d == '=' ? (n = 2, TOK_EQ) : TOK_ASSIGN; break;
	case '&':
		k = d == '&' ? (n = 2, TOK_ANDAND) : d == '=' ? (n = 2, TOK_AMPEQ) : TOK_AMP;
		break;
	case '|':
		k = d == '|' ? (n = 2, TOK_OROR) : d == '=' ? (n = 2, TOK_PIPEEQ) : TOK_PIPE;
		break;
	case '<':
		if (d == '<')
			k = e == '=' ? (n = 3, TOK_SHLEQ) : (n = 2, TOK_SHL);
		else
			k = d == '=' ? (n = 2, TOK_LE) : TOK_LT;
		break;
	case '>':
		if (d == '>')
			k = e == '=' ? (n = 3, TOK_SHREQ) : (n = 2, TOK_SHR);
		else
			k = d == '=' ? (n = 2, TOK_GE) : TOK_GT;
		break;
	default:
		return TOK_EOF;
	}
	while (n--)
		advance(lx);
	return k;
}

struct token lexer_next(struct lexer *lx)
{
	struct token t = { 0 };

	t.has_space_before = skip_space(lx);
	t.loc = here(lx);
	char c = cur(lx);

	if (!c) {
		t.kind = TOK_EOF;
		t.loc.len = 0;
		t.text = "";
		return t;
	}
	if (is_ident_start(c)) {
		while (is_ident_char(cur(lx)))
			advance(lx);
		t.loc.len = lx->pos - t.loc.off;
		t.kind = keyword_kind(lx->src + t.loc.off, t.loc.len);
		t.text = arena_strndup(lx->src + t.loc.off, t.loc.len);
		t.text_len = t.loc.len;
		return t;
	}
	if (isdigit((unsigned char)c)) {
		lex_number(lx, &t);
		return t;
	}
	switch (c) {
	case '"':
		lex_string(lx, &t);
		break;
	case '\'':
		lex_char(lx, &t);
		break;
	case '#':
		lex_preproc(lx, &t);
		return t;
	case '@':
		advance(lx);
		if (is_ident_start(cur(lx)))
			while (is_ident_char(cur(lx)))
				advance(lx);
		t.kind = TOK_MAP;
		t.text = arena_strndup(lx->src + t.loc.off + 1, lx->pos - t.loc.off - 1);
		t.text_len = lx->pos - t.loc.off - 1;
		break;
	case '$':
		advance(lx);
		if (cur(lx) == '#') {
			advance(lx);
			t.kind = TOK_PARAMCOUNT;
		} else if (isdigit((unsigned char)cur(lx))) {
			uint64_t v = 0;
			while (isdigit((unsigned char)cur(lx))) {
				/* Saturate: anything this large is simply a missing parameter. */
				v = v > 100000000 ? v : v * 10 + (cur(lx) - '0');
				advance(lx);
			}
			t.kind = TOK_POSITIONAL;
			t.value = v;
		} else if (is_ident_start(cur(lx))) {
			while (is_ident_char(cur(lx)))
				advance(lx);
			t.kind = TOK_VAR;
		} else {
			diag_fatal(&t.loc, "expected a variable name after '$'");
		}
		t.text = arena_strndup(lx->src + t.loc.off + 1, lx->pos - t.loc.off - 1);
		t.text_len = lx->pos - t.loc.off - 1;
		break;
	default:
		t.kind = lex_punct(lx);
		if (t.kind == TOK_EOF)
			diag_fatal(&t.loc, "invalid character '%s'", char_repr(c));
		t.loc.len = lx->pos - t.loc.off;
		t.text = arena_strndup(lx->src + t.loc.off, t.loc.len);
		t.text_len = t.loc.len;
		return t;
	}
	t.loc.len = lx->pos - t.loc.off;
	return t;
}

static bool attach_stop(char c)
{
	return !c || is_space(c) || c == ',' || c == '{';
}

struct token lexer_attach_point(struct lexer *lx, const struct token *at)
{
	struct token t = { .kind = TOK_ATTACH, .loc = at->loc, .has_space_before = at->has_space_before };
	const char *s = lx->src;
	int end = at->loc.off;

	lx->pos = at->loc.off;
	lx->line = at->loc.line;
	lx->col = at->loc.col;

	/* First pass finds the extent (quotes may hide stop characters). */
	while (!attach_stop(s[end])) {
		if (s[end] == '"') {
			int q = end++;
			while (s[end] && s[end] != '"' && s[end] != '\n')
				end += s[end] == '\\' && (s[end + 1] == '"' || s[end + 1] == '\\') ? 2 : 1;
			if (s[end] != '"') {
				struct loc l = at->loc;
				l.col += q - at->loc.off;
				l.off = q;
				l.len = 1;
				diag_fatal(&l, "unterminated string");
			}
		}
		end++;
	}

	/*
	 * Quotes go; inside them \" and \\ stand for " and \ (a USDT probe
	 * named "probe1", quotes included: usdt:./app:test:"\"probe1\"").
	 */
	char *buf = arena_alloc(end - at->loc.off + 1);
	int n = 0;
	bool quoted = false;
	while (lx->pos < end) {
		char c = cur(lx);
		if (c == '"') {
			quoted = !quoted;
		} else if (quoted && c == '\\' && (s[lx->pos + 1] == '"' || s[lx->pos + 1] == '\\')) {
			advance(lx);
			buf[n++] = cur(lx);
		} else {
			buf[n++] = c;
		}
		advance(lx);
	}
	t.text = buf;
	t.text_len = n;
	t.loc.len = end - at->loc.off;
	return t;
}

const char *tok_kind_name(enum tok_kind k)
{
	static const char *const names[TOK_KIND_MAX] = {
		[TOK_EOF] = "end of file",
		[TOK_IDENT] = "identifier",
		[TOK_INT] = "integer",
		[TOK_STRING] = "string",
		[TOK_VAR] = "variable",
		[TOK_MAP] = "map",
		[TOK_POSITIONAL] = "positional parameter",
		[TOK_PARAMCOUNT] = "'$#'",
		[TOK_ATTACH] = "attach point",
		[TOK_INCLUDE] = "#include",
		[TOK_CPP] = "preprocessor directive",
		[TOK_LBRACE] = "'{'", [TOK_RBRACE] = "'}'", [TOK_LPAREN] = "'('",
		[TOK_RPAREN] = "')'", [TOK_LBRACKET] = "'['", [TOK_RBRACKET] = "']'",
		[TOK_SEMI] = "';'", [TOK_COMMA] = "','", [TOK_COLON] = "':'", [TOK_DOT] = "'.'",
		[TOK_ARROW] = "'->'", [TOK_QUESTION] = "'?'", [TOK_DOTDOT] = "'..'",
		[TOK_PLUS] = "'+'", [TOK_MINUS] = "'-'", [TOK_STAR] = "'*'", [TOK_SLASH] = "'/'",
		[TOK_PERCENT] = "'%'", [TOK_AMP] = "'&'", [TOK_PIPE] = "'|'", [TOK_CARET] = "'^'",
		[TOK_TILDE] = "'~'", [TOK_BANG] = "'!'", [TOK_SHL] = "'<<'", [TOK_SHR] = "'>>'",
		[TOK_LT] = "'<'", [TOK_GT] = "'>'", [TOK_LE] = "'<='", [TOK_GE] = "'>='",
		[TOK_EQ] = "'=='", [TOK_NE] = "'!='", [TOK_ANDAND] = "'&&'", [TOK_OROR] = "'||'",
		[TOK_ASSIGN] = "'='", [TOK_PLUSEQ] = "'+='", [TOK_MINUSEQ] = "'-='",
		[TOK_STAREQ] = "'*='", [TOK_SLASHEQ] = "'/='", [TOK_PERCENTEQ] = "'%='",
		[TOK_AMPEQ] = "'&='", [TOK_PIPEEQ] = "'|='", [TOK_CARETEQ] = "'^='",
		[TOK_SHLEQ] = "'<<='", [TOK_SHREQ] = "'>>='", [TOK_INC] = "'++'", [TOK_DEC] = "'--'",
		[TOK_IF] = "'if'", [TOK_ELSE] = "'else'", [TOK_WHILE] = "'while'", [TOK_FOR] = "'for'",
		[TOK_UNROLL] = "'unroll'", [TOK_RETURN] = "'return'", [TOK_BREAK] = "'break'",
		[TOK_CONTINUE] = "'continue'", [TOK_LET] = "'let'", [TOK_CONFIG] = "'config'",
		[TOK_STRUCT] = "'struct'", [TOK_UNION] = "'union'", [TOK_ENUM] = "'enum'",
		[TOK_SIZEOF] = "'sizeof'", [TOK_OFFSETOF] = "'offsetof'", [TOK_MACRO] = "'macro'",
		[TOK_FN] = "'fn'", [TOK_IMPORT] = "'import'",
	};
	if ((unsigned)k >= TOK_KIND_MAX || !names[k])
		return "token";
	return names[k];
}
