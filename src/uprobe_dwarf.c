/*
 * uprobe_dwarf.c: `args.NAME` in uprobes, typed from the function's DWARF
 * parameters (libdw), as bpftrace does.
 *
 * At a function's entry its arguments are in the registers the x86-64
 * System V ABI assigns, so the record of parameters gives each field the
 * offset of its register in struct pt_regs, the program's context: args.NAME
 * then reads like a tracepoint field, at context + offset. Integers and
 * pointers take the next general register; floating-point parameters travel
 * in SSE registers (not in pt_regs) and are left out; the first parameter the
 * ABI would split or pass on the stack ends the record.
 *
 * Built with libdw when SONDE_HAVE_LIBDW is defined; without it, no DWARF.
 */
#include "uprobe_priv.h"
#include "elfsym.h"
#include "symbolize.h"
#include "types.h"

#include <errno.h>
#include <string.h>

#ifdef SONDE_HAVE_LIBDW
#include <asm/ptrace.h>
#include <dwarf.h>
#include <elfutils/libdw.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdlib.h>
#include <unistd.h>

static const uint32_t arg_regs[] = {
	offsetof(struct pt_regs, rdi), offsetof(struct pt_regs, rsi), offsetof(struct pt_regs, rdx),
	offsetof(struct pt_regs, rcx), offsetof(struct pt_regs, r8), offsetof(struct pt_regs, r9),
};

/* A function's definition: its name, where its DIE is, and its entry address (0: none). */
struct func_entry {
	const char *name;   /* points into the DWARF's string table */
	Dwarf_Die die;      /* a split unit's (.dwo) DIEs are not at offsets of the main file */
	Dwarf_Addr entry;
};

/*
 * Files opened once per run, with an index of their functions by name: a
 * script often names many functions of one binary, and walking every
 * compilation unit for each would be slow on large programs.
 */
struct dwarf_file {
	char *path;
	int fd;
	Dwarf *dw;     /* NULL: no DWARF */
	struct func_entry *funcs;
	size_t nfuncs;
};

static VEC(struct dwarf_file) files;

typedef VEC(struct func_entry) func_vec;

static int index_func(Dwarf_Die *die, void *arg)
{
	func_vec *v = arg;
	const char *name = dwarf_diename(die);

	Dwarf_Addr entry = 0;

	/* a declaration has no parameters' locations; the definition is elsewhere */
	if (dwarf_hasattr(die, DW_AT_declaration))
		return DWARF_CB_OK;
	if (dwarf_entrypc(die, &entry))
		entry = 0;
	if (name)
		vec_push(v, ((struct func_entry){ .name = name, .die = *die, .entry = entry }));
	/*
	 * C++ (and Rust) functions are attached by symbol, the mangled name: an
	 * out-of-line method's definition finds it through its declaration
	 * (DW_AT_specification), which the integrating read follows.
	 */
	Dwarf_Attribute attr;
	const char *link = dwarf_formstring(dwarf_attr_integrate(die, DW_AT_linkage_name, &attr));
	if (link && (!name || strcmp(link, name)))
		vec_push(v, ((struct func_entry){ .name = link, .die = *die, .entry = entry }));
	return DWARF_CB_OK;
}

static int by_name(const void *a, const void *b)
{
	const struct func_entry *x = a, *y = b;
	int c = strcmp(x->name, y->name);
	Dwarf_Off ox = dwarf_dieoffset((Dwarf_Die *)&x->die), oy = dwarf_dieoffset((Dwarf_Die *)&y->die);
	return c ? c : (ox < oy ? -1 : ox > oy);
}

/*
 * The next compilation unit's DIE after *cu (NULL: the first); false at the
 * end. A skeleton unit (gcc -gsplit-dwarf) gives the DIE of its split unit,
 * which libdw reads from the .dwo file its DW_AT_dwo_name names.
 */
static bool next_unit(struct dwarf_file *f, Dwarf_CU **cu, Dwarf_Die *die)
{
	Dwarf_Die cudie, subdie;
	uint8_t type;

	while (dwarf_get_units(f->dw, *cu, cu, NULL, &type, &cudie, &subdie) == 0) {
		if (type == DW_UT_skeleton && dwarf_tag(&subdie) == DW_TAG_compile_unit) {
			*die = subdie;
			return true;
		}
		if (type == DW_UT_compile || type == DW_UT_partial || type == DW_UT_skeleton) {
			*die = cudie;
			return true;
		}
	}
	return false;
}

static void index_funcs(struct dwarf_file *f)
{
	func_vec v = { 0 };
	Dwarf_CU *cu = NULL;
	Dwarf_Die die;

	while (next_unit(f, &cu, &die))
		dwarf_getfuncs(&die, index_func, &v, 0);
	if (v.len)
		qsort(v.data, v.len, sizeof(*v.data), by_name);
	f->funcs = v.data;
	f->nfuncs = v.len;
}

static struct dwarf_file *dwarf_of(const char *path)
{
	for (size_t i = 0; i < files.len; i++)
		if (!strcmp(files.data[i].path, path))
			return &files.data[i];
	struct dwarf_file f = { .path = xstrdup(path), .fd = open(path, O_RDONLY | O_CLOEXEC) };
	if (f.fd >= 0)
		f.dw = dwarf_begin(f.fd, DWARF_C_READ);
	/* a stripped file's DWARF in a separate debug file (build-id, debuglink, --debuginfo DIR) */
	char *dbg = f.dw ? NULL : usym_debug_file(path);
	if (dbg) {
		if (f.fd >= 0)
			close(f.fd);
		f.fd = open(dbg, O_RDONLY | O_CLOEXEC);
		if (f.fd >= 0)
			f.dw = dwarf_begin(f.fd, DWARF_C_READ);
		free(dbg);
	}
	if (f.dw)
		index_funcs(&f);
	vec_push(&files, f);
	return &files.data[files.len - 1];
}

static bool find_func(struct dwarf_file *f, const char *name, Dwarf_Die *out)
{
	size_t lo = 0, hi = f->nfuncs;

	/* the first definition of that name */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(f->funcs[mid].name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < f->nfuncs && !strcmp(f->funcs[lo].name, name))
		return *out = f->funcs[lo].die, true;
	/*
	 * Another name of a function DWARF describes under its own: glibc's
	 * malloc is __libc_malloc. The ELF symbol's address finds it.
	 */
	int err;
	struct elf_image *img = uprobe_image_open(f->path, &err);   /* the run's, kept open */
	const struct elfsym *sym = img ? elfsym_func(img, name) : NULL;
	for (size_t i = 0; sym && sym->addr && i < f->nfuncs; i++)
		if (f->funcs[i].entry == sym->addr)
			return *out = f->funcs[i].die, true;
	return false;
}

enum abi_class { ABI_GPR, ABI_SSE, ABI_OTHER };

static bool type_die(Dwarf_Die *die, Dwarf_Die *type)
{
	Dwarf_Attribute attr;
	Dwarf_Die t;

	if (!dwarf_attr_integrate(die, DW_AT_type, &attr) || !dwarf_formref_die(&attr, &t))
		return false;
	/* typedefs, const, volatile */
	return dwarf_peel_type(&t, type) == 0;
}

/* die's type as written: typedefs and qualifiers kept, for printing. */
static bool type_die_raw(Dwarf_Die *die, Dwarf_Die *type)
{
	Dwarf_Attribute attr;

	return dwarf_attr_integrate(die, DW_AT_type, &attr) && dwarf_formref_die(&attr, type);
}

static struct type *int_type(Dwarf_Die *t, enum abi_class *cls)
{
	Dwarf_Attribute attr;
	Dwarf_Word enc = DW_ATE_signed;
	int size = dwarf_bytesize(t);

	if (dwarf_attr(t, DW_AT_encoding, &attr))
		dwarf_formudata(&attr, &enc);
	if (enc == DW_ATE_float || enc == DW_ATE_complex_float) {
		*cls = ABI_SSE;
		return NULL;
	}
	if (size != 1 && size != 2 && size != 4 && size != 8) {
		*cls = ABI_OTHER;
		return NULL;
	}
	*cls = ABI_GPR;
	bool is_signed = enc == DW_ATE_signed || enc == DW_ATE_signed_char;
	return type_int(size, is_signed);
}

/* Record types made from DWARF, by DIE offset: a struct that points to itself ends there. */
struct dwarf_record {
	Dwarf_Off off;
	struct type *t;
};

static VEC(struct dwarf_record) records;

static struct type *mem_type(Dwarf_Die *t, int depth);

/* An array's element count: the subrange's count, or upper bound + 1; 0 when unknown. */
static uint64_t array_count(Dwarf_Die *sub)
{
	Dwarf_Attribute attr;
	Dwarf_Word v;

	if (dwarf_attr(sub, DW_AT_count, &attr) && dwarf_formudata(&attr, &v) == 0)
		return v;
	if (dwarf_attr(sub, DW_AT_upper_bound, &attr) && dwarf_formudata(&attr, &v) == 0)
		return v + 1;
	return 0;
}

/* T[a][b]...: the subranges from the one given on, innermost last; char arrays are strings. */
static struct type *array_type(struct type *elem, bool is_char, Dwarf_Die *sub)
{
	Dwarf_Die next = *sub;
	bool more = dwarf_siblingof(&next, &next) == 0 && dwarf_tag(&next) == DW_TAG_subrange_type;
	uint64_t n = array_count(sub);

	if (more) {
		elem = array_type(elem, is_char, &next);
		if (!elem)
			return NULL;
		is_char = false;
	}
	if (!n || n > (1u << 20) || (uint64_t)elem->size * n > (1u << 24))
		return NULL;
	return type_array(elem, n, is_char);
}

static struct type *record_type(Dwarf_Die *t, int depth)
{
	Dwarf_Off off = dwarf_dieoffset(t);
	Dwarf_Die m;
	Dwarf_Attribute attr;
	const char *name = dwarf_diename(t);
	bool is_union = dwarf_tag(t) == DW_TAG_union_type;

	for (size_t i = 0; i < records.len; i++)
		if (records.data[i].off == off)
			return records.data[i].t;
	if (dwarf_hasattr(t, DW_AT_declaration) || dwarf_bytesize(t) <= 0)
		return NULL;
	struct type *rec = type_new(TY_RECORD);
	rec->name = arena_printf("%s %s", is_union ? "union" : "struct", name ? name : "(anonymous)");
	rec->is_union = is_union;
	rec->size = dwarf_bytesize(t);
	rec->align = 1;
	struct dwarf_record r = { off, rec };
	vec_push(&records, r);

	VEC(struct field) fields = { 0 };
	if (dwarf_child(t, &m) == 0) {
		do {
			Dwarf_Word loc = 0;
			Dwarf_Die mt;
			if (dwarf_tag(&m) != DW_TAG_member || dwarf_hasattr(&m, DW_AT_bit_size))
				continue;   /* bitfields are left out */
			if (dwarf_attr(&m, DW_AT_data_member_location, &attr) && dwarf_formudata(&attr, &loc))
				continue;
			struct type *ft = type_die(&m, &mt) ? mem_type(&mt, depth + 1) : NULL;
			if (!ft)
				continue;
			struct field f = { .name = dwarf_diename(&m) ? arena_strdup(dwarf_diename(&m)) : NULL,
					   .type = ft, .offset = (uint32_t)loc };
			if (f.name)
				vec_push(&fields, f);
			if (ft->align > rec->align)
				rec->align = ft->align;
		} while (dwarf_siblingof(&m, &m) == 0);
	}
	type_set_fields(rec, fields.data, (int)fields.len);
	vec_free(&fields);
	return rec;
}

/* The sonde type of a member or pointee: integers, pointers, structs, unions, arrays; NULL for others. */
static struct type *mem_type(Dwarf_Die *t, int depth)
{
	Dwarf_Die e, sub;
	enum abi_class cls;

	if (depth > 8)
		return NULL;
	switch (dwarf_tag(t)) {
	case DW_TAG_base_type:
		return int_type(t, &cls);
	case DW_TAG_enumeration_type: {
		int size = dwarf_bytesize(t);
		return size == 1 || size == 2 || size == 4 || size == 8 ? type_int(size, false) : NULL;
	}
	case DW_TAG_pointer_type: {
		struct type *to = type_die(t, &e) ? mem_type(&e, depth + 1) : NULL;
		return type_ptr(to ? to : &type_void, true);
	}
	case DW_TAG_structure_type:
	case DW_TAG_class_type:
	case DW_TAG_union_type:
		return record_type(t, depth);
	case DW_TAG_array_type: {
		struct type *elem = type_die(t, &e) ? mem_type(&e, depth + 1) : NULL;
		if (!elem || dwarf_child(t, &sub) || dwarf_tag(&sub) != DW_TAG_subrange_type)
			return NULL;
		const char *en = dwarf_tag(&e) == DW_TAG_base_type ? dwarf_diename(&e) : NULL;
		bool is_char = elem->kind == TY_INT && elem->size == 1 && en && strstr(en, "char");
		return array_type(elem, is_char, &sub);
	}
	default:
		return NULL;
	}
}

/* What a pointer points to, as far as sonde can use it: integers, records, arrays; else void. */
static struct type *pointee(Dwarf_Die *ptr)
{
	Dwarf_Die t;

	if (!type_die(ptr, &t))
		return &type_void;
	struct type *e = mem_type(&t, 0);
	return e ? e : &type_void;
}

/* The sonde type of a parameter's DWARF type, and how the ABI passes it. */
static struct type *param_type(Dwarf_Die *t, enum abi_class *cls)
{
	int size;

	switch (dwarf_tag(t)) {
	case DW_TAG_base_type:
		return int_type(t, cls);
	case DW_TAG_enumeration_type:
		size = dwarf_bytesize(t);
		*cls = size == 1 || size == 2 || size == 4 || size == 8 ? ABI_GPR : ABI_OTHER;
		return *cls == ABI_GPR ? type_int(size, false) : NULL;
	case DW_TAG_pointer_type:
	case DW_TAG_reference_type:
	case DW_TAG_rvalue_reference_type:
		*cls = ABI_GPR;
		return type_ptr(pointee(t), true);
	default:
		*cls = ABI_OTHER;
		return NULL;
	}
}

static struct type *read_args(const char *path, const char *func, struct type **retval)
{
	struct dwarf_file *f = dwarf_of(path);
	Dwarf_Die fn, child, t;
	enum abi_class cls;

	if (retval)
		*retval = NULL;
	if (!f->dw) {
		errno = ENODATA;
		return NULL;
	}
	if (!find_func(f, func, &fn)) {
		errno = ENOENT;
		return NULL;
	}
	if (retval && type_die(&fn, &t)) {
		struct type *rt = param_type(&t, &cls);
		if (rt && cls == ABI_GPR)
			*retval = rt;
	}

	VEC(struct field) fields = { 0 };
	size_t gpr = 0;
	if (dwarf_child(&fn, &child) == 0) {
		do {
			if (dwarf_tag(&child) == DW_TAG_unspecified_parameters)
				break;
			if (dwarf_tag(&child) != DW_TAG_formal_parameter)
				continue;
			const char *name = dwarf_diename(&child);
			cls = ABI_OTHER;
			struct type *pt = type_die(&child, &t) ? param_type(&t, &cls) : NULL;
			if (!pt && cls == ABI_SSE)
				continue;
			if (!pt || gpr >= ARRAY_SIZE(arg_regs))
				break;
			if (name) {
				struct field f = { .name = arena_strdup(name), .type = pt, .offset = arg_regs[gpr] };
				vec_push(&fields, f);
			}
			gpr++;
		} while (dwarf_siblingof(&child, &child) == 0);
	}

	struct type *rec = type_new(TY_RECORD);
	rec->name = arena_printf("args of %s", func);
	rec->size = sizeof(struct pt_regs);
	rec->align = 8;
	type_set_fields(rec, fields.data, (int)fields.len);
	vec_free(&fields);
	return rec;
}

/* A DWARF type spelled as C, as bpftrace's -lv prints it: "int", "struct Foo*", "const char*". */
static const char *type_name(Dwarf_Die *t, int depth)
{
	Dwarf_Die e;
	const char *name = dwarf_diename(t);
	bool has = depth < 8 && type_die_raw(t, &e);

	switch (dwarf_tag(t)) {
	case DW_TAG_pointer_type:
		return arena_printf("%s*", has ? type_name(&e, depth + 1) : "void");
	case DW_TAG_const_type:
		/* a const pointer (C++'s `this`) reads "T* const" */
		if (has && dwarf_tag(&e) == DW_TAG_pointer_type)
			return arena_printf("%s const", type_name(&e, depth + 1));
		return arena_printf("const %s", has ? type_name(&e, depth + 1) : "void");
	case DW_TAG_volatile_type:
		return arena_printf("volatile %s", has ? type_name(&e, depth + 1) : "void");
	case DW_TAG_reference_type:
		return arena_printf("%s&", has ? type_name(&e, depth + 1) : "void");
	case DW_TAG_structure_type:
		return arena_printf("struct %s", name ? name : "(anonymous)");
	case DW_TAG_class_type:
		return arena_printf("class %s", name ? name : "(anonymous)");
	case DW_TAG_union_type:
		return arena_printf("union %s", name ? name : "(anonymous)");
	case DW_TAG_enumeration_type:
		return arena_printf("enum %s", name ? name : "(anonymous)");
	case DW_TAG_array_type:
		return arena_printf("%s[]", has ? type_name(&e, depth + 1) : "void");
	default:
		return name ? name : "void";
	}
}

void uprobe_dwarf_print_params(FILE *out, const char *path, const char *func)
{
	struct dwarf_file *f = dwarf_of(path);
	Dwarf_Die fn, child, t;

	if (!f->dw || !find_func(f, func, &fn) || dwarf_child(&fn, &child))
		return;
	do {
		if (dwarf_tag(&child) != DW_TAG_formal_parameter)
			continue;
		const char *name = dwarf_diename(&child);
		fprintf(out, "    %s%s%s\n", type_die_raw(&child, &t) ? type_name(&t, 0) : "void", name ? " " : "",
			name ? name : "");
	} while (dwarf_siblingof(&child, &child) == 0);
}

/* The first definition of the named struct or union in any compilation unit. */
static bool find_record(struct dwarf_file *f, int tag, const char *name, Dwarf_Die *out)
{
	Dwarf_CU *unit = NULL;
	Dwarf_Die cu, d;

	while (next_unit(f, &unit, &cu)) {
		if (dwarf_child(&cu, &d))
			continue;
		do {
			const char *n = dwarf_diename(&d);
			if (dwarf_tag(&d) == tag && n && !strcmp(n, name) && !dwarf_hasattr(&d, DW_AT_declaration)) {
				*out = d;
				return true;
			}
		} while (dwarf_siblingof(&d, &d) == 0);
	}
	return false;
}

struct type *uprobe_dwarf_type(const char *path, const char *spelling)
{
	struct dwarf_file *f = path ? dwarf_of(path) : NULL;
	char name[256];
	int tag, ptrs = 0;
	size_t len;

	if (!f || !f->dw)
		return NULL;
	if (!strncmp(spelling, "struct ", 7))
		tag = DW_TAG_structure_type, spelling += 7;
	else if (!strncmp(spelling, "union ", 6))
		tag = DW_TAG_union_type, spelling += 6;
	else
		return NULL;
	len = strcspn(spelling, " *");
	if (!len || len >= sizeof(name))
		return NULL;
	memcpy(name, spelling, len);
	name[len] = '\0';
	for (const char *p = spelling + len; *p; p++) {
		if (*p == '*')
			ptrs++;
		else if (*p != ' ')
			return NULL;
	}
	Dwarf_Die d;
	if (!find_record(f, tag, name, &d))
		return NULL;
	struct type *t = record_type(&d, 0);
	for (int i = 0; t && i < ptrs; i++)
		t = type_ptr(t, true);
	return t;
}

/* The checker asks on every pass: each function's answer is kept. */
struct dwarf_answer {
	const char *path, *func;
	struct type *args, *retval;
	int err;
};

static VEC(struct dwarf_answer) answers;

struct type *uprobe_dwarf_args(const char *path, const char *func, struct type **retval)
{
	if (!path || !func) {
		errno = EINVAL;
		return NULL;
	}
	for (size_t i = 0; i < answers.len; i++) {
		struct dwarf_answer *a = &answers.data[i];
		if (strcmp(a->path, path) || strcmp(a->func, func))
			continue;
		if (retval)
			*retval = a->retval;
		errno = a->err;
		return a->args;
	}
	struct dwarf_answer a = { .path = arena_strdup(path), .func = arena_strdup(func) };
	a.args = read_args(path, func, &a.retval);
	a.err = a.args ? 0 : errno;
	vec_push(&answers, a);
	if (retval)
		*retval = a.retval;
	errno = a.err;
	return a.args;
}

/* Whether DWARF's file name `name` is the source `src` names: the same, or ending in "/SRC". */
static bool same_source(const char *name, const char *src)
{
	if (!name)
		return false;
	size_t n = strlen(name), k = strlen(src);
	if (n < k || strcmp(name + n - k, src))
		return false;
	return n == k || name[n - k - 1] == '/';
}

int uprobe_dwarf_line_addr(const char *path, const char *src, int line, int col, uint64_t *addr)
{
	struct dwarf_file *f = dwarf_of(path);
	Dwarf_Off off = 0, next;
	size_t hsize;
	bool found = false, stmt_found = false;

	if (!f->dw)
		return -ENODATA;
	while (dwarf_nextcu(f->dw, off, &next, &hsize, NULL, NULL, NULL) == 0) {
		Dwarf_Die cu;
		Dwarf_Lines *lines;
		size_t nlines;
		if (!dwarf_offdie(f->dw, off + hsize, &cu) || dwarf_getsrclines(&cu, &lines, &nlines)) {
			off = next;
			continue;
		}
		for (size_t i = 0; i < nlines; i++) {
			Dwarf_Line *l = dwarf_onesrcline(lines, i);
			int lno, lcol = 0;
			bool stmt = false, end = false;
			Dwarf_Addr a;
			if (!l || dwarf_lineno(l, &lno) || lno != line || dwarf_lineendsequence(l, &end) || end ||
			    dwarf_lineaddr(l, &a) || !same_source(dwarf_linesrc(l, NULL, NULL), src))
				continue;
			if (col && (dwarf_linecol(l, &lcol) || lcol != col))
				continue;
			dwarf_linebeginstatement(l, &stmt);
			/* the lowest address of a statement of the line; any row of it when none is a statement */
			if (stmt_found && !stmt)
				continue;
			if (!found || (stmt && !stmt_found) || a < *addr)
				*addr = a;
			found = true;
			stmt_found |= stmt;
		}
		off = next;
	}
	return found ? 0 : -ENOENT;
}

#else

struct type *uprobe_dwarf_type(const char *path, const char *spelling)
{
	return NULL;
}

void uprobe_dwarf_print_params(FILE *out, const char *path, const char *func)
{
}

struct type *uprobe_dwarf_args(const char *path, const char *func, struct type **retval)
{
	if (retval)
		*retval = NULL;
	errno = ENOTSUP;
	return NULL;
}

int uprobe_dwarf_line_addr(const char *path, const char *src, int line, int col, uint64_t *addr)
{
	return -ENOTSUP;
}

#endif
