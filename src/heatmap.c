/*
 * heatmap.c: `sonde heatmap`: a latency heat map as an interactive SVG.
 *
 * Input is one event a line, "TIME LATENCY" (two numbers, by default both
 * in nanoseconds: what `printf("%llu %llu\n", nsecs, $lat)` prints), from
 * files or stdin. Time runs along x in columns of a fixed step, latency up
 * y in buckets (logarithmic by default, linear with --linear), and each
 * cell's colour says how many events fell in it. A histogram sums over time
 * and hides what this shows: two modes, periodic stalls, outliers in bursts.
 */
#include "render.h"
#include "util.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define LEFT 80   /* room for the latency labels */
#define BOTTOM 60 /* time labels, axis title and the details line */
#define TOP 50    /* title and legend */
#define RIGHT 20

struct event {
	double t, lat; /* nanoseconds */
};

struct hm_opts {
	const char *title;
	double time_unit, lat_unit; /* nanoseconds per input unit */
	double step;                /* column width, ns; 0: chosen */
	double lat_min, lat_max;    /* ns; < 0: from the data */
	int rows, width, cell_height;
	bool linear, log_color;
};

struct heatmap {
	struct hm_opts o;
	VEC(struct event) ev;
	uint64_t skipped;
	double t0, t1, lmin, lmax; /* data range */
	size_t cols;
	double lo, hi; /* latency axis range */
	int decades;   /* log axis: whole decades, rows / decades rows each; or 0 */
	uint32_t *cells; /* cols x rows, column-major */
	uint32_t max_count;
};

/* ---- input ------------------------------------------------------------- */

static const char *skip_ws(const char *p, const char *e)
{
	while (p < e && (*p == ' ' || *p == '\t'))
		p++;
	return p;
}

/* A number at p (no locale, no allocation); NULL if there is none. */
static const char *parse_num(const char *p, const char *e, double *out)
{
	char buf[64];
	size_t n = 0;
	char *end;

	while (p + n < e && n < sizeof(buf) - 1 && p[n] != ' ' && p[n] != '\t')
		n++;
	if (!n || n == sizeof(buf) - 1)
		return NULL;
	memcpy(buf, p, n);
	buf[n] = '\0';
	*out = strtod(buf, &end);
	if (*end || end == buf || !isfinite(*out))
		return NULL;
	return p + n;
}

static void hm_parse(struct heatmap *h, const char *buf, size_t len)
{
	const char *p = buf, *end = buf + len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end, *q;
		double t, lat;

		if (le > p && le[-1] == '\r')
			le--;
		q = skip_ws(p, le);
		if (q == le) {
			p = nl ? nl + 1 : end;
			continue;
		}
		/* Beyond a few centuries in nanoseconds, arithmetic on spans stops being exact or finite. */
		if ((q = parse_num(q, le, &t)) && (q = skip_ws(q, le)) < le && parse_num(q, le, &lat) && lat >= 0 &&
		    fabs(t * h->o.time_unit) < 1e19 && lat * h->o.lat_unit < 1e19)
			vec_push(&h->ev, ((struct event){ t * h->o.time_unit, lat * h->o.lat_unit }));
		else
			h->skipped++;
		p = nl ? nl + 1 : end;
	}
}

/* ---- bucketing ----------------------------------------------------------- */

/* 1, 2 or 5 times a power of ten, at least x. */
static double nice_step(double x)
{
	double p = pow(10, floor(log10(x)));

	if (x <= p)
		return p;
	if (x <= 2 * p)
		return 2 * p;
	if (x <= 5 * p)
		return 5 * p;
	return 10 * p;
}

static int hm_row(const struct heatmap *h, double lat)
{
	int rows = h->o.rows;
	double r;

	if (lat <= h->lo)
		return 0;
	if (lat >= h->hi)
		return rows - 1;
	if (h->o.linear)
		r = (lat - h->lo) / (h->hi - h->lo) * rows;
	else
		r = log(lat / h->lo) / log(h->hi / h->lo) * rows;
	int i = (int)r;
	return i < 0 ? 0 : i >= rows ? rows - 1 : i;
}

/* The lower edge of row i (i == rows: the top). */
static double hm_edge(const struct heatmap *h, int i)
{
	double x = (double)i / h->o.rows;

	if (h->o.linear)
		return h->lo + (h->hi - h->lo) * x;
	return h->lo * pow(h->hi / h->lo, x);
}

static void hm_bucket(struct heatmap *h)
{
	size_t i;
	int width = h->o.width - LEFT - RIGHT;

	h->t0 = h->t1 = h->ev.data[0].t;
	h->lmin = INFINITY;
	h->lmax = 0;
	for (i = 0; i < h->ev.len; i++) {
		const struct event *e = &h->ev.data[i];
		if (e->t < h->t0)
			h->t0 = e->t;
		if (e->t > h->t1)
			h->t1 = e->t;
		if (e->lat > 0 && e->lat < h->lmin)
			h->lmin = e->lat;
		if (e->lat > h->lmax)
			h->lmax = e->lat;
	}
	if (!isfinite(h->lmin))
		h->lmin = 1;

	/* Columns at least 4 pixels wide, in a round step. */
	double span = h->t1 - h->t0;
	double step = h->o.step;
	if (step <= 0) {
		double max_cols = width / 4.0;
		step = span > 0 ? nice_step(span / max_cols) : 1e9;
		if (step < 1)
			step = 1;
	}
	h->o.step = step;
	double cols = floor(span / step) + 1;
	if (cols > 100000)
		cols = 100000; /* an absurd --step: clamp rather than allocate gigabytes */
	h->cols = (size_t)cols;

	h->lo = h->o.lat_min >= 0 ? h->o.lat_min : h->o.linear ? 0 : h->lmin;
	h->hi = h->o.lat_max >= 0 ? h->o.lat_max : h->lmax;
	if (!h->o.linear && h->lo <= 0)
		h->lo = h->lmin > 0 ? h->lmin : 1;
	if (h->hi <= h->lo)
		h->hi = h->o.linear ? h->lo + 1 : h->lo * 2;
	/*
	 * Log axes span whole decades with the same number of rows in each, so
	 * that labels fall on 1 us, 10 us, 100 us...
	 */
	if (!h->o.linear) {
		if (h->o.lat_min < 0)
			h->lo = pow(10, floor(log10(h->lo)));
		if (h->o.lat_max < 0)
			h->hi = pow(10, ceil(log10(h->hi * 1.000001)));
		h->decades = (int)lround(log10(h->hi / h->lo));
		if (h->o.lat_min < 0 && h->o.lat_max < 0 && h->decades > 0) {
			int per = h->o.rows / h->decades;
			h->o.rows = (per > 0 ? per : 1) * h->decades;
		} else {
			h->decades = 0; /* the user's bounds: plain labels */
		}
	}

	h->cells = xcalloc(h->cols * (size_t)h->o.rows, sizeof(*h->cells));
	for (i = 0; i < h->ev.len; i++) {
		const struct event *e = &h->ev.data[i];
		size_t c = (size_t)((e->t - h->t0) / step);
		if (c >= h->cols)
			c = h->cols - 1;
		uint32_t *cell = &h->cells[c * (size_t)h->o.rows + (size_t)hm_row(h, e->lat)];
		if (*cell < UINT32_MAX)
			(*cell)++;
		if (*cell > h->max_count)
			h->max_count = *cell;
	}
}

/* ---- writing -------------------------------------------------------------- */

/* "1.5 ms": a duration in the unit that reads best. */
static void fmt_dur(char *buf, size_t n, double ns)
{
	static const struct { double div; const char *unit; } units[] = {
		{ 1e9, "s" }, { 1e6, "ms" }, { 1e3, "us" }, { 1, "ns" },
	};
	if (ns == 0) {
		snprintf(buf, n, "0");
		return;
	}
	for (size_t i = 0; i < ARRAY_SIZE(units); i++) {
		if (fabs(ns) >= units[i].div * 0.9995 || i == ARRAY_SIZE(units) - 1) {
			snprintf(buf, n, "%.3g %s", ns / units[i].div, units[i].unit);
			return;
		}
	}
}

/* Pale yellow for one event to dark red for the most: a heat scale. */
static void cell_colour(const struct heatmap *h, uint32_t count, int *r, int *g, int *b)
{
	double x;

	if (h->max_count <= 1)
		x = 1;
	else if (h->o.log_color)
		x = log((double)count) / log((double)h->max_count);
	else
		x = (double)(count - 1) / (double)(h->max_count - 1);
	*r = (int)(255 - 95 * x);
	*g = (int)(235 - 235 * x);
	*b = (int)(150 - 150 * x);
}

static void xml_text(FILE *out, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '&')
			fputs("&amp;", out);
		else if (c == '<')
			fputs("&lt;", out);
		else if (c == '>')
			fputs("&gt;", out);
		else if (c == '"')
			fputs("&quot;", out);
		else if (c < 0x20 || c >= 0x7f)
			fputc('?', out); /* titles are ASCII here; anything else could break the XML */
		else
			fputc(c, out);
	}
}

static const char hm_js[] =
	"var hm_details;\n"
	"function init(evt) {\n"
	"\thm_details = document.getElementById(\"details\").firstChild;\n"
	"\tvar cells = document.getElementById(\"cells\");\n"
	"\tcells.addEventListener(\"mouseover\", function (e) {\n"
	"\t\tvar t = e.target.getElementsByTagName(\"title\")[0];\n"
	"\t\tif (t) {\n"
	"\t\t\thm_details.nodeValue = t.textContent;\n"
	"\t\t\te.target.setAttribute(\"stroke\", \"black\");\n"
	"\t\t}\n"
	"\t});\n"
	"\tcells.addEventListener(\"mouseout\", function (e) {\n"
	"\t\thm_details.nodeValue = \" \";\n"
	"\t\te.target.removeAttribute(\"stroke\");\n"
	"\t});\n"
	"}\n";

static int hm_write(struct heatmap *h, FILE *out)
{
	const struct hm_opts *o = &h->o;
	int rows = o->rows, ch = o->cell_height;
	double plot_w = o->width - LEFT - RIGHT;
	double cw = plot_w / (double)h->cols;
	int plot_h = rows * ch, height = TOP + plot_h + BOTTOM;
	char a[32], b[32], c[32], d[32];

	fprintf(out,
		"<?xml version=\"1.0\" standalone=\"no\"?>\n"
		"<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\">\n"
		"<svg version=\"1.1\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" onload=\"init(evt)\" "
		"xmlns=\"http://www.w3.org/2000/svg\">\n"
		"<style type=\"text/css\">\n"
		"text { font-family: Verdana, sans-serif; font-size: 12px; fill: rgb(0,0,0); }\n"
		"#title { text-anchor: middle; font-size: 17px; }\n"
		".ylab { text-anchor: end; font-size: 10px; }\n"
		".xlab { text-anchor: middle; font-size: 10px; }\n"
		"#cells rect { cursor: crosshair; }\n"
		"</style>\n"
		"<script type=\"text/ecmascript\"><![CDATA[\n%s]]></script>\n"
		"<rect x=\"0\" y=\"0\" width=\"100%%\" height=\"100%%\" fill=\"rgb(250,250,250)\"/>\n",
		o->width, height, o->width, height, hm_js);
	fprintf(out, "<text id=\"title\" x=\"%.1f\" y=\"24\">", o->width / 2.0);
	xml_text(out, o->title);
	fputs("</text>\n", out);
	fprintf(out, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"white\" stroke=\"rgb(200,200,200)\"/>\n",
		LEFT, TOP, plot_w, plot_h);

	/* The latency axis: a label at each decade, or every few rows. */
	int every = rows > 10 ? (rows + 9) / 10 : 1;
	if (h->decades)
		every = rows / h->decades;
	for (int i = 0; i <= rows; i += every) {
		fmt_dur(a, sizeof(a), hm_edge(h, i));
		fprintf(out, "<text class=\"ylab\" x=\"%d\" y=\"%d\">%s</text>\n", LEFT - 4, TOP + plot_h - i * ch + 4, a);
		fprintf(out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"rgb(200,200,200)\"/>\n", LEFT - 2,
			TOP + plot_h - i * ch, LEFT, TOP + plot_h - i * ch);
	}
	/* The time axis: since the first event, labelled at round multiples of the step. */
	double span = (double)h->cols * o->step;
	size_t xevery = (size_t)llround(nice_step(span / 10) / o->step);
	if (!xevery)
		xevery = 1;
	for (size_t i = 0; i <= h->cols; i += xevery) {
		fmt_dur(a, sizeof(a), (double)i * o->step);
		fprintf(out, "<text class=\"xlab\" x=\"%.1f\" y=\"%d\">%s</text>\n", LEFT + (double)i * cw,
			TOP + plot_h + 14, a);
	}
	fprintf(out, "<text class=\"xlab\" x=\"%.1f\" y=\"%d\">time since the first event (columns of ", LEFT + plot_w / 2,
		TOP + plot_h + 30);
	fmt_dur(a, sizeof(a), o->step);
	fprintf(out, "%s)</text>\n", a);
	fprintf(out, "<text class=\"xlab\" x=\"14\" y=\"%d\" transform=\"rotate(-90 14 %d)\">latency (%s)</text>\n",
		TOP + plot_h / 2, TOP + plot_h / 2, o->linear ? "linear" : "log scale");

	/* Cells: only those with events, so the DOM stays small. */
	fputs("<g id=\"cells\">\n", out);
	uint64_t total = 0;
	for (size_t col = 0; col < h->cols; col++) {
		for (int row = 0; row < rows; row++) {
			uint32_t n = h->cells[col * (size_t)rows + (size_t)row];
			int r, g, bl;
			if (!n)
				continue;
			total += n;
			cell_colour(h, n, &r, &g, &bl);
			fmt_dur(a, sizeof(a), (double)col * o->step);
			fmt_dur(b, sizeof(b), (double)(col + 1) * o->step);
			fmt_dur(c, sizeof(c), hm_edge(h, row));
			fmt_dur(d, sizeof(d), hm_edge(h, row + 1));
			fprintf(out,
				"<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"rgb(%d,%d,%d)\">"
				"<title>time %s - %s, latency %s - %s: %u event%s</title></rect>\n",
				LEFT + (double)col * cw, TOP + plot_h - (row + 1) * ch, cw, ch, r, g, bl, a, b, c, d, n,
				n == 1 ? "" : "s");
		}
	}
	fputs("</g>\n", out);

	/* Legend: the colour scale, then the totals. */
	for (int i = 0; i < 10; i++) {
		int r, g, bl;
		uint32_t n = h->max_count <= 1 ? 1 : (uint32_t)(1 + (double)(h->max_count - 1) * i / 9.0);
		cell_colour(h, n, &r, &g, &bl);
		fprintf(out, "<rect x=\"%d\" y=\"32\" width=\"12\" height=\"8\" fill=\"rgb(%d,%d,%d)\"/>\n",
			o->width - RIGHT - 220 + i * 12, r, g, bl);
	}
	fprintf(out, "<text x=\"%d\" y=\"40\" font-size=\"10\">1 - %u events a cell</text>\n", o->width - RIGHT - 96,
		h->max_count);
	fmt_dur(a, sizeof(a), h->lmin);
	fmt_dur(b, sizeof(b), h->lmax);
	fmt_dur(c, sizeof(c), h->t1 - h->t0);
	fprintf(out, "<text id=\"summary\" x=\"%d\" y=\"40\" font-size=\"10\">%llu events over %s, latency %s - %s</text>\n",
		LEFT, (unsigned long long)total, c, a, b);
	fprintf(out, "<text id=\"details\" x=\"%d\" y=\"%d\"> </text>\n", LEFT, height - 8);
	fputs("</svg>\n", out);
	if (fflush(out) || ferror(out))
		return -EIO;
	return 0;
}

/* ---- the command ---------------------------------------------------------- */

static bool unit_ns(const char *s, double *out)
{
	static const struct { const char *name; double ns; } units[] = {
		{ "ns", 1 }, { "us", 1e3 }, { "ms", 1e6 }, { "s", 1e9 },
	};
	for (size_t i = 0; i < ARRAY_SIZE(units); i++) {
		if (!strcmp(s, units[i].name)) {
			*out = units[i].ns;
			return true;
		}
	}
	return false;
}

/* "250ms", "1.5s", or a bare number in the default unit. */
static bool duration(const char *s, double def_unit, double *out)
{
	char *end;
	double v, unit = def_unit;

	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || !isfinite(v) || v < 0)
		return false;
	if (*end && !unit_ns(end, &unit))
		return false;
	*out = v * unit;
	return true;
}

static void usage(FILE *f)
{
	fputs("USAGE:\n"
	      "    sonde heatmap [options] [FILE...] > heatmap.svg\n"
	      "\n"
	      "Reads events, one a line as \"TIME LATENCY\" (two numbers; by default both in\n"
	      "nanoseconds, as printf(\"%llu %llu\\n\", nsecs, $lat) prints them), from the\n"
	      "FILEs or stdin, and writes a latency heat map: time on x, latency on y, colour\n"
	      "by the number of events. Hover over a cell for its counts. Other lines are\n"
	      "skipped and counted.\n"
	      "\n"
	      "OPTIONS:\n"
	      "    -o, --output FILE        write the SVG to FILE instead of stdout\n"
	      "    --title TEXT             the title (default: Latency Heat Map)\n"
	      "    --time-unit UNIT         the unit of the TIME column: ns (default), us, ms, s\n"
	      "    --latency-unit UNIT      the unit of the LATENCY column: ns (default), us, ms, s\n"
	      "    --step DURATION          column width, e.g. 100ms (default: a round step\n"
	      "                             giving columns of at least 4 pixels)\n"
	      "    --rows N                 latency buckets (default 50)\n"
	      "    --linear                 linear latency buckets (default logarithmic)\n"
	      "    --min-latency DURATION   the bottom of the latency axis (e.g. 10us)\n"
	      "    --max-latency DURATION   the top; slower events go in the top row\n"
	      "    --log-color              colour by the logarithm of the count\n"
	      "    --width PIXELS           image width (default 1200)\n"
	      "    --cell-height PIXELS     row height (default 8)\n"
	      "    -q, --quiet              no summary on stderr\n"
	      "    -h, --help               this help\n"
	      "DURATIONs take a unit (ns, us, ms, s); a bare number is in the column's unit.\n",
	      f);
}

enum {
	OPT_TITLE = 256,
	OPT_TIME_UNIT,
	OPT_LAT_UNIT,
	OPT_STEP,
	OPT_ROWS,
	OPT_LINEAR,
	OPT_MIN_LAT,
	OPT_MAX_LAT,
	OPT_LOG_COLOR,
	OPT_WIDTH,
	OPT_CELL_HEIGHT,
};

static const struct option longopts[] = {
	{ "output", required_argument, NULL, 'o' },
	{ "title", required_argument, NULL, OPT_TITLE },
	{ "time-unit", required_argument, NULL, OPT_TIME_UNIT },
	{ "latency-unit", required_argument, NULL, OPT_LAT_UNIT },
	{ "step", required_argument, NULL, OPT_STEP },
	{ "rows", required_argument, NULL, OPT_ROWS },
	{ "linear", no_argument, NULL, OPT_LINEAR },
	{ "min-latency", required_argument, NULL, OPT_MIN_LAT },
	{ "max-latency", required_argument, NULL, OPT_MAX_LAT },
	{ "log-color", no_argument, NULL, OPT_LOG_COLOR },
	{ "log-colour", no_argument, NULL, OPT_LOG_COLOR },
	{ "width", required_argument, NULL, OPT_WIDTH },
	{ "cell-height", required_argument, NULL, OPT_CELL_HEIGHT },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

int heatmap_main(int argc, char **argv)
{
	struct heatmap h = { 0 };
	const char *outpath = NULL, *step = NULL, *lmin = NULL, *lmax = NULL;
	bool quiet = false;
	int opt, rc = 0;

	h.o = (struct hm_opts){ "Latency Heat Map", 1, 1, 0, -1, -1, 50, 1200, 8, false, false };
	optind = 0; /* a fresh scan: the caller may have used getopt */
	while ((opt = getopt_long(argc, argv, "o:qh", longopts, NULL)) != -1) {
		switch (opt) {
		case 'o':
			outpath = optarg;
			break;
		case OPT_TITLE:
			h.o.title = optarg;
			break;
		case OPT_TIME_UNIT:
		case OPT_LAT_UNIT:
			if (!unit_ns(optarg, opt == OPT_TIME_UNIT ? &h.o.time_unit : &h.o.lat_unit)) {
				fprintf(stderr, "sonde heatmap: unknown unit '%s' (ns, us, ms, s)\n", optarg);
				return 2;
			}
			break;
		case OPT_STEP:
			step = optarg;
			break;
		case OPT_MIN_LAT:
			lmin = optarg;
			break;
		case OPT_MAX_LAT:
			lmax = optarg;
			break;
		case OPT_ROWS:
			if (!opt_int("sonde heatmap", "rows", optarg, 1, 10000, &h.o.rows))
				return 2;
			break;
		case OPT_LINEAR:
			h.o.linear = true;
			break;
		case OPT_LOG_COLOR:
			h.o.log_color = true;
			break;
		case OPT_WIDTH:
			if (!opt_int("sonde heatmap", "width", optarg, 200, 100000, &h.o.width))
				return 2;
			break;
		case OPT_CELL_HEIGHT:
			if (!opt_int("sonde heatmap", "cell-height", optarg, 1, 1000, &h.o.cell_height))
				return 2;
			break;
		case 'q':
			quiet = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	/* Durations are read after the units they default to. */
	if (step && (!duration(step, h.o.time_unit, &h.o.step) || h.o.step <= 0)) {
		fprintf(stderr, "sonde heatmap: --step needs a positive duration like 100ms, not '%s'\n", step);
		return 2;
	}
	if ((lmin && !duration(lmin, h.o.lat_unit, &h.o.lat_min)) ||
	    (lmax && !duration(lmax, h.o.lat_unit, &h.o.lat_max))) {
		fprintf(stderr, "sonde heatmap: --min-latency and --max-latency need durations like 10us\n");
		return 2;
	}
	if (lmin && lmax && h.o.lat_max <= h.o.lat_min) {
		fprintf(stderr, "sonde heatmap: --max-latency must be above --min-latency\n");
		return 2;
	}

	for (int i = optind; i < argc || (i == optind && optind == argc); i++) {
		const char *path = i < argc ? argv[i] : "-";
		struct render_input in;
		int err = render_input_open(path, &in);
		if (err) {
			fprintf(stderr, "sonde heatmap: cannot read %s: %s\n", path, strerror(-err));
			rc = 1;
			break;
		}
		hm_parse(&h, in.buf, in.len);
		render_input_close(&in);
	}
	if (!rc && !h.ev.len) {
		fprintf(stderr, "sonde heatmap: no events in the input%s\n",
			h.skipped ? " (every line was skipped; the format is \"TIME LATENCY\")" : "");
		rc = 1;
	}
	if (rc) {
		vec_free(&h.ev);
		return rc;
	}

	hm_bucket(&h);
	FILE *out = stdout;
	if (outpath && !(out = fopen(outpath, "w"))) {
		fprintf(stderr, "sonde heatmap: cannot write %s: %s\n", outpath, strerror(errno));
		rc = 1;
	} else {
		int err = hm_write(&h, out);
		if (outpath && fclose(out))
			err = -EIO;
		if (err) {
			fprintf(stderr, "sonde heatmap: writing the SVG failed: %s\n", strerror(-err));
			rc = 1;
		} else if (!quiet) {
			char a[32], b[32];
			fmt_dur(a, sizeof(a), h.o.step);
			fmt_dur(b, sizeof(b), h.t1 - h.t0);
			fprintf(stderr, "sonde heatmap: %zu events over %s in %zu columns of %s", h.ev.len, b, h.cols, a);
			if (h.skipped)
				fprintf(stderr, "; skipped %llu line%s that %s not \"TIME LATENCY\"",
					(unsigned long long)h.skipped, h.skipped == 1 ? "" : "s",
					h.skipped == 1 ? "was" : "were");
			fputc('\n', stderr);
		}
	}
	free(h.cells);
	vec_free(&h.ev);
	return rc;
}
