/*
 * tools_probe.c: a tool argument that names what to trace, spelled as bcc's
 * tools take it, and the script sections that trace each kind of probe.
 *
 *   t:CAT:NAME, tracepoint:CAT:NAME     a tracepoint (wildcards allowed)
 *   u:LIB:FN, uprobe:LIB:FN, LIB:FN     a user function (LIB a path or library name)
 *   p::FN, p:MOD:FN, kprobe:FN, FN      a kernel function
 *
 * The script names the provider itself (`uprobe:$1`, `tracepoint:$1`,
 * `kretprobe:$1`), so the argument becomes the attach point's target, and
 * sections `// if probe: KIND...` (up to `// endif` or the next such line)
 * keep only the probes of the argument's kind (`func` exists in function
 * probes only, `args` differ).
 */
#include "tools.h"
#include "util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const char *const kind_names[TOOL_PROBE_NKINDS] = {
	[TOOL_PROBE_UPROBE] = "uprobe",
	[TOOL_PROBE_TRACEPOINT] = "tracepoint",
	[TOOL_PROBE_KPROBE] = "kprobe",
};

const char *tools_probe_kind_name(enum tool_probe_kind k)
{
	return k >= 0 && k < TOOL_PROBE_NKINDS ? kind_names[k] : "?";
}

int tools_probe_kind_parse(const char *s, size_t len)
{
	for (int k = 0; k < TOOL_PROBE_NKINDS; k++)
		if (strlen(kind_names[k]) == len && !strncmp(s, kind_names[k], len))
			return k;
	return -EINVAL;
}

/* bcc's prefixes and their long forms (the attach point spellings). */
static const struct {
	const char *prefix;
	enum tool_probe_kind kind;
} prefixes[] = {
	{ "t", TOOL_PROBE_TRACEPOINT }, { "tracepoint", TOOL_PROBE_TRACEPOINT },
	{ "u", TOOL_PROBE_UPROBE },     { "uprobe", TOOL_PROBE_UPROBE },
	{ "p", TOOL_PROBE_KPROBE },     { "kprobe", TOOL_PROBE_KPROBE },
};

int tools_probe_classify(const char *spec, enum tool_probe_kind *kind, char **target)
{
	const char *colon = strchr(spec, ':');

	*target = NULL;
	if (!*spec)
		return -EINVAL;
	/* a bare name is a kernel function, as in bcc */
	if (!colon) {
		*kind = TOOL_PROBE_KPROBE;
		*target = xstrdup(spec);
		return 0;
	}
	for (size_t i = 0; i < ARRAY_SIZE(prefixes); i++) {
		size_t n = strlen(prefixes[i].prefix);
		if ((size_t)(colon - spec) != n || strncmp(spec, prefixes[i].prefix, n))
			continue;
		const char *rest = colon + 1;
		*kind = prefixes[i].kind;
		/* p::FN: the empty module goes; tracepoints and uprobes need TWO:PARTS */
		if (*kind == TOOL_PROBE_KPROBE && *rest == ':')
			rest++;
		if (!*rest || (*kind != TOOL_PROBE_KPROBE && (!strchr(rest, ':') || rest[strlen(rest) - 1] == ':')))
			return -EINVAL;
		*target = xstrdup(rest);
		return 0;
	}
	/* LIB:FN, as sonde's tools took it before and bcc takes it */
	if (!colon[1])
		return -EINVAL;
	*kind = TOOL_PROBE_UPROBE;
	*target = xstrdup(spec);
	return 0;
}

/* The text after "//" and spaces, if it starts with word; else NULL. */
static const char *directive(const char *line, const char *end, const char *word)
{
	const char *p = line;
	size_t n = strlen(word);

	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (end - p < 2 || p[0] != '/' || p[1] != '/')
		return NULL;
	for (p += 2; p < end && *p == ' '; p++)
		;
	if ((size_t)(end - p) < n || strncmp(p, word, n))
		return NULL;
	return p + n;
}

/* Does "// if probe: uprobe kprobe" (the part after the colon) name kind? Sets *bad on an unknown word. */
static bool names_kind(const char *p, const char *end, enum tool_probe_kind kind, bool *bad)
{
	bool found = false;

	while (p < end) {
		while (p < end && (*p == ' ' || *p == '\t' || *p == ','))
			p++;
		const char *w = p;
		while (p < end && *p != ' ' && *p != '\t' && *p != ',' && *p != '\r')
			p++;
		if (p == w)
			break;
		int k = tools_probe_kind_parse(w, p - w);
		if (k < 0)
			*bad = true;
		found |= k == (int)kind;
	}
	return found;
}

char *tools_probe_sections(const char *script, enum tool_probe_kind kind, int *bad_line)
{
	char *out = xstrdup(script);
	bool in = false, keep = true;
	int line = 0;

	*bad_line = 0;
	for (char *s = out; *s;) {
		char *e = strchr(s, '\n');
		char *end = e ? e : s + strlen(s);
		const char *d;
		bool bad = false;

		line++;
		/* a section runs to `// endif` or to the next `// if probe:` (no nesting) */
		if ((d = directive(s, end, "if probe:"))) {
			in = true;
			keep = names_kind(d, end, kind, &bad);
		} else if (directive(s, end, "endif")) {
			if (!in)
				bad = true;
			in = false;
			keep = true;
		} else if (!keep) {
			/* blanked, not removed: line numbers in messages stay as in tools/NAME.bt */
			memset(s, ' ', end - s);
		}
		if (bad && !*bad_line)
			*bad_line = line;
		s = e ? e + 1 : end;
	}
	if (in && !*bad_line)
		*bad_line = line;
	return out;
}
