/*
 * flamegraph.c: `sonde flamegraph [options] [FILE...]`, and reading input
 * files for the renderers.
 */
#include "render.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

int render_input_open(const char *path, struct render_input *in)
{
	struct stat st;
	int fd = 0, err;

	memset(in, 0, sizeof(*in));
	if (strcmp(path, "-")) {
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			return -errno;
	}
	if (!fstat(fd, &st) && S_ISREG(st.st_mode) && st.st_size > 0) {
		/* Mapped whole and prefaulted: one pass over it, no copies. */
		void *p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
		if (p != MAP_FAILED) {
			madvise(p, (size_t)st.st_size, MADV_SEQUENTIAL);
			in->buf = p;
			in->len = (size_t)st.st_size;
			in->mapped = true;
			if (fd)
				close(fd);
			return 0;
		}
	}
	size_t cap = 1 << 20;
	in->buf = xmalloc(cap);
	for (;;) {
		if (in->len == cap) {
			cap *= 2;
			in->buf = xrealloc(in->buf, cap);
		}
		ssize_t n = read(fd, in->buf + in->len, cap - in->len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			err = -errno;
			free(in->buf);
			in->buf = NULL;
			if (fd)
				close(fd);
			return err;
		}
		if (!n)
			break;
		in->len += (size_t)n;
	}
	if (fd)
		close(fd);
	return 0;
}

void render_input_close(struct render_input *in)
{
	if (in->mapped)
		munmap(in->buf, in->len);
	else
		free(in->buf);
	in->buf = NULL;
	in->len = 0;
}

static void usage(FILE *f)
{
	fputs("USAGE:\n"
	      "    sonde flamegraph [options] [FILE...] > graph.svg\n"
	      "    sonde flamegraph --diff BEFORE AFTER > diff.svg\n"
	      "\n"
	      "Reads stacks from the FILEs (or stdin, or '-') and writes an interactive SVG:\n"
	      "hover for details, click to zoom, Ctrl-F to search by regular expression.\n"
	      "Input, in any mix:\n"
	      "    folded stacks         comm;main;work;leaf 12   (root first; 'a;b 5 7' is a\n"
	      "                          differential pair: before, after)\n"
	      "    bpftrace map output   @[kstack, ustack, comm]: N with multi-line stacks\n"
	      "    perf script output    sample headers, then one frame a line\n"
	      "Kernel frames end in _[k], JIT frames in _[j]. Lines that are none of these\n"
	      "are skipped and counted.\n"
	      "\n"
	      "OPTIONS:\n"
	      "    -o, --output FILE    write the SVG to FILE instead of stdout\n"
	      "    --title TEXT         the title (default: Flame Graph)\n"
	      "    --subtitle TEXT      a second title line\n"
	      "    --width PIXELS       image width (default 1200)\n"
	      "    --height PIXELS      frame height (default 16)\n"
	      "    --fontsize SIZE      font size (default 12)\n"
	      "    --minwidth N[%]      omit frames narrower than N pixels or N percent (default 0.1)\n"
	      "    --countname NAME     what the counts are (default samples)\n"
	      "    --nametype TEXT      the details label (default Function:)\n"
	      "    --colors PALETTE     hot (default), mem, io, wakeup, java, js, perl, red,\n"
	      "                         green, blue, aqua, yellow, purple, orange\n"
	      "    --inverted           icicle graph: roots at the top\n"
	      "    --reverse            reverse each stack: leaves become roots\n"
	      "    --flamechart         keep input order (time) instead of sorting by name\n"
	      "    --diff               differential graph of two profiles, BEFORE and AFTER:\n"
	      "                         widths from AFTER; red grew, blue shrank\n"
	      "    --negate             differential: widths from BEFORE instead\n"
	      "    --normalize          differential: scale BEFORE to AFTER's total first\n"
	      "    --hash, --cp         accepted for flamegraph.pl's users: colours here always\n"
	      "                         come from a hash of the name, the same in every graph\n"
	      "    -q, --quiet          no summary on stderr\n"
	      "    -h, --help           this help\n",
	      f);
}

enum {
	OPT_TITLE = 256,
	OPT_SUBTITLE,
	OPT_WIDTH,
	OPT_HEIGHT,
	OPT_FONTSIZE,
	OPT_MINWIDTH,
	OPT_COUNTNAME,
	OPT_NAMETYPE,
	OPT_COLORS,
	OPT_INVERTED,
	OPT_REVERSE,
	OPT_FLAMECHART,
	OPT_DIFF,
	OPT_NEGATE,
	OPT_NORMALIZE,
	OPT_COMPAT,
};

static const struct option longopts[] = {
	{ "output", required_argument, NULL, 'o' },
	{ "title", required_argument, NULL, OPT_TITLE },
	{ "subtitle", required_argument, NULL, OPT_SUBTITLE },
	{ "width", required_argument, NULL, OPT_WIDTH },
	{ "height", required_argument, NULL, OPT_HEIGHT },
	{ "fontsize", required_argument, NULL, OPT_FONTSIZE },
	{ "minwidth", required_argument, NULL, OPT_MINWIDTH },
	{ "countname", required_argument, NULL, OPT_COUNTNAME },
	{ "nametype", required_argument, NULL, OPT_NAMETYPE },
	{ "colors", required_argument, NULL, OPT_COLORS },
	{ "colours", required_argument, NULL, OPT_COLORS },
	{ "inverted", no_argument, NULL, OPT_INVERTED },
	{ "reverse", no_argument, NULL, OPT_REVERSE },
	{ "flamechart", no_argument, NULL, OPT_FLAMECHART },
	{ "diff", no_argument, NULL, OPT_DIFF },
	{ "negate", no_argument, NULL, OPT_NEGATE },
	{ "normalize", no_argument, NULL, OPT_NORMALIZE },
	{ "hash", no_argument, NULL, OPT_COMPAT },
	{ "cp", no_argument, NULL, OPT_COMPAT },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static bool minwidth_opt(const char *arg, struct flame_opts *o)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(arg, &end);
	o->min_width_pct = *end == '%';
	if (o->min_width_pct)
		end++;
	if (errno || end == arg || *end || !(v >= 0) || v > 1e9 || (o->min_width_pct && v > 100)) {
		fprintf(stderr, "sonde flamegraph: --minwidth needs pixels (0.1) or a percentage (0.5%%), not '%s'\n",
			arg);
		return false;
	}
	o->min_width = v;
	return true;
}

typedef VEC(struct render_input) input_vec;

/* The file stays open (mapped) until the graph is written: the tree points into it. */
static int add_file(struct flame *f, const char *path, enum flame_column col, input_vec *inputs)
{
	struct render_input in;
	int err = render_input_open(path, &in);

	if (err) {
		fprintf(stderr, "sonde flamegraph: cannot read %s: %s\n", path, strerror(-err));
		return err;
	}
	flame_parse_keep(f, in.buf, in.len, col);
	vec_push(inputs, in);
	return 0;
}

static void close_inputs(input_vec *inputs)
{
	for (size_t i = 0; i < inputs->len; i++)
		render_input_close(&inputs->data[i]);
	vec_free(inputs);
}

int flamegraph_main(int argc, char **argv)
{
	struct flame_opts o;
	const char *outpath = NULL;
	bool diff = false, quiet = false;
	int opt, rc = 0;

	flame_opts_init(&o);
	optind = 0; /* a fresh scan: the caller may have used getopt */
	while ((opt = getopt_long(argc, argv, "o:qh", longopts, NULL)) != -1) {
		switch (opt) {
		case 'o':
			outpath = optarg;
			break;
		case OPT_TITLE:
			o.title = optarg;
			break;
		case OPT_SUBTITLE:
			o.subtitle = optarg;
			break;
		case OPT_WIDTH:
			if (!opt_int("sonde flamegraph", "width", optarg, 100, 1000000, &o.width))
				return 2;
			break;
		case OPT_HEIGHT:
			if (!opt_int("sonde flamegraph", "height", optarg, 2, 1000, &o.frame_height))
				return 2;
			break;
		case OPT_FONTSIZE:
			if (!opt_int("sonde flamegraph", "fontsize", optarg, 1, 200, &o.font_size))
				return 2;
			break;
		case OPT_MINWIDTH:
			if (!minwidth_opt(optarg, &o))
				return 2;
			break;
		case OPT_COUNTNAME:
			o.countname = optarg;
			break;
		case OPT_NAMETYPE:
			o.nametype = optarg;
			break;
		case OPT_COLORS:
			if (flame_palette_parse(optarg, &o.palette)) {
				fprintf(stderr,
					"sonde flamegraph: unknown palette '%s' (hot, mem, io, wakeup, java, js, perl, red, "
					"green, blue, aqua, yellow, purple, orange)\n",
					optarg);
				return 2;
			}
			break;
		case OPT_INVERTED:
			o.inverted = true;
			break;
		case OPT_REVERSE:
			o.reverse = true;
			break;
		case OPT_FLAMECHART:
			o.flamechart = true;
			break;
		case OPT_DIFF:
			diff = true;
			break;
		case OPT_NEGATE:
			o.negate = true;
			break;
		case OPT_NORMALIZE:
			o.normalize = true;
			break;
		case OPT_COMPAT:
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
	int nfiles = argc - optind;
	if (diff && nfiles != 2) {
		fprintf(stderr, "sonde flamegraph: --diff needs two files, BEFORE and AFTER\n");
		return 2;
	}

	struct flame *f = flame_new(&o);
	input_vec inputs = { 0 };
	if (diff) {
		if (add_file(f, argv[optind], FLAME_BEFORE, &inputs) ||
		    add_file(f, argv[optind + 1], FLAME_AFTER, &inputs))
			rc = 1;
	} else if (!nfiles) {
		if (add_file(f, "-", FLAME_AFTER, &inputs))
			rc = 1;
	} else {
		for (int i = optind; i < argc; i++)
			if (add_file(f, argv[i], FLAME_AFTER, &inputs))
				rc = 1;
	}
	if (rc) {
		flame_free(f);
		close_inputs(&inputs);
		return rc;
	}

	FILE *out = stdout;
	if (outpath) {
		out = fopen(outpath, "w");
		if (!out) {
			fprintf(stderr, "sonde flamegraph: cannot write %s: %s\n", outpath, strerror(errno));
			flame_free(f);
			close_inputs(&inputs);
			return 1;
		}
		setvbuf(out, NULL, _IOFBF, 1 << 16);
	}
	int err = flame_write_svg(f, out);
	if (outpath && fclose(out) && (!err || err == -ENODATA))
		err = -EIO;

	struct flame_stats st;
	flame_stats(f, &st);
	if (err == -ENODATA) {
		fprintf(stderr, "sonde flamegraph: no stacks in the input%s\n",
			st.skipped ? " (every line was skipped)" : "");
		rc = 1;
	} else if (err) {
		fprintf(stderr, "sonde flamegraph: writing the SVG failed: %s\n", strerror(-err));
		rc = 1;
	} else if (!quiet) {
		fprintf(stderr, "sonde flamegraph: %llu stacks, %llu frames (%llu drawn), %llu %s",
			(unsigned long long)st.stacks, (unsigned long long)st.frames, (unsigned long long)st.drawn,
			(unsigned long long)st.samples, o.countname);
		if (st.skipped)
			fprintf(stderr, "; skipped %llu line%s that %s not stacks", (unsigned long long)st.skipped,
				st.skipped == 1 ? "" : "s", st.skipped == 1 ? "was" : "were");
		fputc('\n', stderr);
	}
	flame_free(f);
	close_inputs(&inputs);
	return rc;
}
