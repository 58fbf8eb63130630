/*
 * dwunwind.c: dw_ustack's unwind table (dwunwind.h).
 *
 * libdw interprets the call-frame instructions: dwarf_cfi_addrframe gives,
 * for an address, the rules of the row holding it and the row's extent, so
 * walking a function's rows is a loop over their ends. Which addresses
 * start a function's CFI (an FDE) comes from .eh_frame_hdr, the sorted
 * table the runtime's own unwinder searches. Rules the programs cannot
 * follow (a CFA computed by an expression, as in PLT entries) become
 * DW_ROW_FP rows: that frame is walked by its frame pointer. Functions
 * .eh_frame leaves out are looked for in .debug_frame.
 *
 * The table is loaded into the programs' row map when it is made (-p,
 * --dwarf-pid) or when the -c command reaches its entry point, and again
 * into the map's other half whenever the process's executable mappings
 * change (dwunwind_refresh, from the event loop).
 */
#include "dwunwind.h"
#include "util.h"
#include "diag.h"
#include "prog.h"

#include <bpf/bpf.h>

#include <dwarf.h>
#include <elfutils/libdw.h>
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <inttypes.h>
#include <stddef.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/ptrace.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* x86-64 DWARF register numbers */
enum { DW_REG_RBP = 6, DW_REG_RSP = 7, DW_REG_RA = 16 };

static void push_row(struct dw_row **rows, uint32_t *n, uint32_t *cap, struct dw_row r)
{
	/* a row that changes nothing needs no entry */
	if (*n && (*rows)[*n - 1].kind == r.kind && (*rows)[*n - 1].cfa_off == r.cfa_off &&
	    (*rows)[*n - 1].bp_saved == r.bp_saved && (*rows)[*n - 1].bp_off == r.bp_off)
		return;
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 1024;
		*rows = xrealloc(*rows, sizeof(**rows) * *cap);
	}
	(*rows)[(*n)++] = r;
}

/* A row from libdw's rules at one address. */
static struct dw_row frame_row(Dwarf_Frame *fr, uint64_t pc)
{
	struct dw_row r = { .pc = pc, .kind = DW_ROW_FP };
	Dwarf_Op *ops, mem[3];
	size_t nops;

	if (dwarf_frame_cfa(fr, &ops, &nops) < 0 || nops != 1)
		return r;
	int reg = -1;
	int64_t off = 0;
	if (ops[0].atom == DW_OP_bregx) {
		reg = ops[0].number;
		off = (int64_t)ops[0].number2;
	} else if (ops[0].atom >= DW_OP_breg0 && ops[0].atom <= DW_OP_breg31) {
		reg = ops[0].atom - DW_OP_breg0;
		off = (int64_t)ops[0].number;
	}
	if ((reg != DW_REG_RSP && reg != DW_REG_RBP) || off < INT32_MIN || off > INT32_MAX)
		return r;
	/* the return address: at CFA - 8, or undefined in the outermost frame */
	if (dwarf_frame_register(fr, DW_REG_RA, mem, &ops, &nops) < 0)
		return r;
	if (nops == 0 && ops) {
		r.kind = DW_ROW_END;
		return r;
	}
	if (nops != 2 || ops[0].atom != DW_OP_call_frame_cfa || ops[1].atom != DW_OP_plus_uconst ||
	    (int64_t)ops[1].number != -8)
		return r;
	r.kind = reg == DW_REG_RSP ? DW_ROW_SP : DW_ROW_BP;
	r.cfa_off = (int32_t)off;
	/* the caller's rbp: saved at CFA + k, or unchanged (anything else: taken as unchanged) */
	if (dwarf_frame_register(fr, DW_REG_RBP, mem, &ops, &nops) == 0 && nops >= 1 &&
	    ops[0].atom == DW_OP_call_frame_cfa) {
		int64_t k = 0;
		if (nops == 2 && ops[1].atom == DW_OP_plus_uconst)
			k = (int64_t)ops[1].number;
		if ((nops == 1 || (nops == 2 && ops[1].atom == DW_OP_plus_uconst)) && k >= INT16_MIN && k <= INT16_MAX) {
			r.bp_saved = 1;
			r.bp_off = (int16_t)k;
		}
	}
	return r;
}

/* Reads an .eh_frame_hdr value of encoding enc (sdata4/udata4/sdata8/udata8 only) at *p. */
static bool hdr_read(const uint8_t **p, const uint8_t *end, uint8_t enc, int64_t *v)
{
	switch (enc & 0x0f) {
	case DW_EH_PE_udata4: case DW_EH_PE_sdata4: {
		if (end - *p < 4)
			return false;
		int32_t s; uint32_t u;
		memcpy(&s, *p, 4);
		memcpy(&u, *p, 4);
		*v = (enc & 0x0f) == DW_EH_PE_sdata4 ? s : (int64_t)u;
		*p += 4;
		return true;
	}
	case DW_EH_PE_absptr: case DW_EH_PE_udata8: case DW_EH_PE_sdata8:
		if (end - *p < 8)
			return false;
		memcpy(v, *p, 8);
		*p += 8;
		return true;
	default:
		return false;
	}
}

/* The FDE start addresses (link-time) .eh_frame_hdr lists, sorted; -1 when it has no usable table. */
static int64_t hdr_starts(Elf *elf, uint64_t **out)
{
	Elf_Scn *scn = NULL;
	size_t shstrndx;

	if (elf_getshdrstrndx(elf, &shstrndx) < 0)
		return -1;
	while ((scn = elf_nextscn(elf, scn))) {
		GElf_Shdr sh;
		const char *name;
		if (!gelf_getshdr(scn, &sh) || !(name = elf_strptr(elf, shstrndx, sh.sh_name)) ||
		    strcmp(name, ".eh_frame_hdr") || sh.sh_type == SHT_NOBITS)
			continue;
		Elf_Data *d = elf_getdata(scn, NULL);
		if (!d || d->d_size < 4)
			return -1;
		const uint8_t *p = d->d_buf, *end = p + d->d_size;
		uint8_t fp_enc = p[1], count_enc = p[2], table_enc = p[3];
		int64_t skip, count;
		p += 4;
		/* the table: (initial location, FDE address) pairs relative to the header (datarel) */
		if (!hdr_read(&p, end, fp_enc, &skip) || !hdr_read(&p, end, count_enc, &count) ||
		    (table_enc & 0x70) != DW_EH_PE_datarel || count < 0 || count > (end - p) / 8)
			return -1;
		uint64_t *starts = xcalloc(count ? count : 1, sizeof(*starts));
		for (int64_t i = 0; i < count; i++) {
			int64_t loc, fde;
			if (!hdr_read(&p, end, table_enc, &loc) || !hdr_read(&p, end, table_enc, &fde)) {
				free(starts);
				return -1;
			}
			starts[i] = sh.sh_addr + loc;
		}
		*out = starts;
		return count;
	}
	return -1;
}

struct row_vec {
	struct dw_row **rows;
	uint32_t *n, *cap;
};

/* The rows of one function from addr up to next (link-time addresses), then "no rule" where they end. */
static void walk_fde(Dwarf_CFI *cfi, uint64_t addr, uint64_t next, uint64_t bias, uint64_t hi, struct row_vec *v)
{
	/* one addrframe call per row: it gives the row's extent */
	while (addr < next) {
		Dwarf_Frame *fr;
		Dwarf_Addr start, end;
		bool sig;
		if (dwarf_cfi_addrframe(cfi, addr, &fr) < 0)
			break;
		if (dwarf_frame_info(fr, &start, &end, &sig) < 0 || end <= addr) {
			free(fr);
			break;
		}
		push_row(v->rows, v->n, v->cap, frame_row(fr, addr + bias));
		free(fr);
		addr = end;
	}
	if (addr < next && addr + bias < hi)
		push_row(v->rows, v->n, v->cap, (struct dw_row){ .pc = addr + bias, .kind = DW_ROW_FP });
}

static Elf_Data *section_data(Elf *elf, const char *want)
{
	Elf_Scn *scn = NULL;
	size_t shstrndx;
	if (elf_getshdrstrndx(elf, &shstrndx) < 0)
		return NULL;
	while ((scn = elf_nextscn(elf, scn))) {
		GElf_Shdr sh;
		const char *name;
		if (gelf_getshdr(scn, &sh) && sh.sh_type != SHT_NOBITS &&
		    (name = elf_strptr(elf, shstrndx, sh.sh_name)) && !strcmp(name, want))
			return elf_getdata(scn, NULL);
	}
	return NULL;
}

/*
 * .debug_frame: the functions .eh_frame does not describe (code built with
 * -fno-asynchronous-unwind-tables keeps its CFI there only). Its FDEs give
 * their ranges as plain addresses.
 */
static int debug_frame_rows(Elf *elf, Dwarf_CFI *eh, uint64_t bias, uint64_t lo, uint64_t hi, struct row_vec *v)
{
	Elf_Data *data = section_data(elf, ".debug_frame");
	const unsigned char *ident = (const unsigned char *)elf_getident(elf, NULL);
	if (!data || !ident || ident[EI_CLASS] != ELFCLASS64)
		return -ENODATA;
	Dwarf *dw = dwarf_begin_elf(elf, DWARF_C_READ, NULL);
	Dwarf_CFI *cfi = dw ? dwarf_getcfi(dw) : NULL;
	Dwarf_Off off = 0, next;
	Dwarf_CFI_Entry e;
	int found = 0, r;

	while (cfi && (r = dwarf_next_cfi(ident, data, false, off, &next, &e)) != 1) {
		off = next;
		if (r < 0) {
			if (next == (Dwarf_Off)-1)
				break;
			continue;
		}
		if (dwarf_cfi_cie_p(&e) || e.fde.end - e.fde.start < 16)
			continue;
		uint64_t start, len;
		Dwarf_Frame *fr;
		memcpy(&start, e.fde.start, 8);
		memcpy(&len, e.fde.start + 8, 8);
		if (start + bias < lo || start + bias >= hi)
			continue;
		if (eh && dwarf_cfi_addrframe(eh, start, &fr) == 0) {
			free(fr);
			continue;
		}
		walk_fde(cfi, start, start + len, bias, hi, v);
		found++;
	}
	if (dw)
		dwarf_end(dw);
	return found ? 0 : -ENODATA;
}

int dwunwind_file(const char *path, uint64_t bias, uint64_t lo, uint64_t hi, struct dw_row **rows, uint32_t *n,
		  uint32_t *cap)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	elf_version(EV_CURRENT);
	Elf *elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	Dwarf_CFI *cfi = elf ? dwarf_getcfi_elf(elf) : NULL;
	uint64_t *starts = NULL;
	int64_t nstarts = cfi ? hdr_starts(elf, &starts) : -1;
	struct row_vec v = { rows, n, cap };

	for (int64_t i = 0; i < nstarts; i++) {
		uint64_t next = i + 1 < nstarts ? starts[i + 1] : UINT64_MAX;
		if (starts[i] + bias >= lo && starts[i] + bias < hi)
			walk_fde(cfi, starts[i], next, bias, hi, &v);
	}
	int err = elf ? debug_frame_rows(elf, nstarts >= 0 ? cfi : NULL, bias, lo, hi, &v) : -ENODATA;
	if (nstarts >= 0)
		err = 0;
	free(starts);
	if (cfi)
		dwarf_cfi_end(cfi);
	if (elf)
		elf_end(elf);
	close(fd);
	return err;
}

/* The load bias of an ELF file mapped at start from file offset off. */
static bool elf_bias(const char *path, uint64_t start, uint64_t off, uint64_t *bias)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	bool ok = false;
	if (fd < 0)
		return false;
	elf_version(EV_CURRENT);
	Elf *elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	size_t nph = 0;
	if (elf && elf_getphdrnum(elf, &nph) == 0) {
		for (size_t i = 0; i < nph && !ok; i++) {
			GElf_Phdr ph;
			if (!gelf_getphdr(elf, i, &ph) || ph.p_type != PT_LOAD)
				continue;
			uint64_t pstart = ph.p_offset & ~0xfffULL;
			if (off >= pstart && off < ph.p_offset + ph.p_filesz) {
				/* the address the file offset has at link time, and where it is now */
				*bias = start - (ph.p_vaddr - (ph.p_offset - off));
				ok = true;
			}
		}
	}
	if (elf)
		elf_end(elf);
	close(fd);
	return ok;
}

/* By address; at one address a rule comes after the "no rule" row another FDE's end left there */
static int cmp_rows(const void *a, const void *b)
{
	const struct dw_row *x = a, *y = b;
	if (x->pc != y->pc)
		return x->pc < y->pc ? -1 : 1;
	return (x->kind != DW_ROW_FP) - (y->kind != DW_ROW_FP);
}

int dwunwind_table(int pid, struct dw_row **rows_out, uint32_t *nrows)
{
	char path[64], line[4096];
	snprintf(path, sizeof(path), "/proc/%d/maps", pid);
	FILE *f = fopen(path, "re");
	if (!f)
		return -errno;
	struct dw_row *rows = xcalloc(1, sizeof(*rows));
	uint32_t n = 1, cap = 1;

	while (fgets(line, sizeof(line), f)) {
		uint64_t start, end, off;
		char perms[8];
		int name_at = 0;
		if (sscanf(line, "%" SCNx64 "-%" SCNx64 " %7s %" SCNx64 " %*s %*s %n", &start, &end, perms, &off,
			   &name_at) < 4 || perms[2] != 'x' || !name_at || line[name_at] != '/')
			continue;
		/*
		 * The file as the process sees it, even in another mount namespace
		 * or deleted (map_files: CAP_SYS_ADMIN), else by its path there.
		 */
		char file[4200];
		uint64_t bias;
		line[strcspn(line, "\n")] = 0;
		snprintf(file, sizeof(file), "/proc/%d/map_files/%" PRIx64 "-%" PRIx64, pid, start, end);
		if (access(file, R_OK))
			snprintf(file, sizeof(file), "/proc/%d/root%s", pid, line + name_at);
		if (!elf_bias(file, start, off, &bias))
			continue;
		uint32_t first = n;
		dwunwind_file(file, bias, start, end, &rows, &n, &cap);
		/* past the mapping's end: no rule (a gap, or the next file's first row follows) */
		if (n > first)
			push_row(&rows, &n, &cap, (struct dw_row){ .pc = end, .kind = DW_ROW_FP });
	}
	fclose(f);
	qsort(rows + 1, n - 1, sizeof(*rows), cmp_rows);
	rows[0] = (struct dw_row){ .pc = n - 1 };
	*rows_out = rows;
	*nrows = n;
	return 0;
}

/* ---- -c: the child run to its entry point ---- */

static uint64_t auxv_entry(int pid)
{
	char path[64];
	uint64_t kv[2], entry = 0;
	snprintf(path, sizeof(path), "/proc/%d/auxv", pid);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	while (read(fd, kv, sizeof(kv)) == sizeof(kv) && kv[0] != AT_NULL)
		if (kv[0] == AT_ENTRY)
			entry = kv[1];
	close(fd);
	return entry;
}

/* DR7: DR0 enabled for this task, as an instruction breakpoint (R/W0 and LEN0 zero) */
#define DR7_L0 1

/* Waits for the traced child's next stop; false when it exited instead. */
static bool wait_stop(int pid, int *status)
{
	while (waitpid(pid, status, __WALL) < 0)
		if (errno != EINTR)
			return false;
	return WIFSTOPPED(*status);
}

int dwunwind_child_seize(int pid)
{
	if (ptrace(PTRACE_SEIZE, pid, 0, PTRACE_O_TRACEEXEC) < 0)
		return -errno;
	return 0;
}

int dwunwind_child_to_entry(int pid)
{
#ifndef __x86_64__
	/* dw_ustack is x86-64's only (sema_call.c) */
	return -EOPNOTSUPP;
#else
	int status;

	/* the exec stop: the executable and the loader are mapped, not yet the libraries */
	for (;;) {
		if (!wait_stop(pid, &status))
			return -ESRCH;
		if (status >> 8 == (SIGTRAP | (PTRACE_EVENT_EXEC << 8)))
			break;
		/* a signal before exec: deliver it */
		if (ptrace(PTRACE_CONT, pid, 0, WSTOPSIG(status) == SIGTRAP ? 0 : WSTOPSIG(status)) < 0)
			return -errno;
	}
	uint64_t entry = auxv_entry(pid);
	if (!entry)
		return -ENOEXEC;
	/*
	 * A hardware breakpoint at the entry point: the text stays as it is
	 * (an int3 written there would also meet a uprobe's on _start), and
	 * the instruction breakpoint stops before the instruction runs.
	 */
	if (ptrace(PTRACE_POKEUSER, pid, offsetof(struct user, u_debugreg[0]), entry) < 0 ||
	    ptrace(PTRACE_POKEUSER, pid, offsetof(struct user, u_debugreg[7]), DR7_L0) < 0 ||
	    ptrace(PTRACE_CONT, pid, 0, 0) < 0)
		return -errno;
	for (;;) {
		if (!wait_stop(pid, &status))
			return -ESRCH;
		if (WSTOPSIG(status) == SIGTRAP)
			break;
		if (ptrace(PTRACE_CONT, pid, 0, WSTOPSIG(status)) < 0)
			return -errno;
	}
	struct user_regs_struct regs;
	int err = ptrace(PTRACE_GETREGS, pid, 0, &regs) < 0 ? -errno : 0;
	/* the breakpoint goes whatever happens: the child must not trap once detached */
	ptrace(PTRACE_POKEUSER, pid, offsetof(struct user, u_debugreg[7]), 0);
	if (err)
		return err;
	return regs.rip == entry ? 0 : -EPROTO;
#endif
}

void dwunwind_child_release(int pid)
{
	ptrace(PTRACE_DETACH, pid, 0, 0);
}

/* ---- the programs' row map ---- */

/*
 * One runtime at a time uses the row map: its process, the half the
 * programs search, and what its mappings looked like when it was read.
 */
static struct {
	struct dw_row *pending;    /* -p: the table read to size the map, loaded once it exists */
	uint32_t npending, cap;    /* rows in each half */
	uint32_t base;             /* the half the header names: 0 or cap */
	uint64_t sig, next_ns;
	bool loaded;
	bool watch;                /* no table yet: load one once the mappings change (dwunwind_watch) */
} dw;

/* A hash of the process's executable file mappings (dwunwind_table's): a library loaded or unloaded changes it. */
static bool maps_signature(int pid, uint64_t *sig)
{
	char path[64], line[4096];
	snprintf(path, sizeof(path), "/proc/%d/maps", pid);
	FILE *f = fopen(path, "re");
	if (!f)
		return false;
	uint64_t h = FNV64_BASIS;
	while (fgets(line, sizeof(line), f)) {
		char *sp = strchr(line, ' ');
		/* the executable file mappings the table is built from: JIT code's anonymous ones come and go */
		if (!sp || sp[3] != 'x' || !strchr(line, '/'))
			continue;
		h = fnv64(h, line, strlen(line));
	}
	fclose(f);
	*sig = h;
	return true;
}

uint32_t dwunwind_map_entries(const struct sonde_prog *p)
{
	free(dw.pending);
	memset(&dw, 0, sizeof(dw));
	/* the -c command has not run yet: room for its libraries' rows, loaded at its entry point */
	dw.cap = DW_CHILD_ROWS;
	if (p->dw_pid != p->cpid) {
		int err = dwunwind_table(p->dw_pid, &dw.pending, &dw.npending);
		if (err)
			diag_warn(NULL, "dw_ustack: cannot read the mappings of process %d: %s", p->dw_pid,
				  strerror(-err));
		/* room for libraries it loads later too */
		dw.cap = err ? 1 : dw.npending + dw.npending / 2 + 4096;
	}
	return 1 + 2 * dw.cap;
}

/* rows (rows[0] a header) into the half the programs do not search, then the header names it */
static int load_half(int fd, int pid, struct dw_row *rows, uint32_t n)
{
	uint32_t base = dw.loaded && dw.base == 0 ? dw.cap : 0, key = 0;
	struct dw_row hdr = { 0 };

	if (n - 1 > dw.cap) {
		diag_warn(NULL, "dw_ustack: process %d has %u unwind rows, %u fit: frames past them walk frame pointers",
			  pid, n - 1, dw.cap);
		n = dw.cap + 1;
	}
	for (uint32_t i = 1; i < n; i++) {
		key = 1 + base + i - 1;
		if (bpf_map_update_elem(fd, &key, &rows[i], BPF_ANY) < 0)
			return -errno;
	}
	/* the programs' run-time warning stays given */
	key = 0;
	bpf_map_lookup_elem(fd, &key, &hdr);
	hdr.pc = (uint64_t)(n - 1) | (uint64_t)base << 32;
	if (bpf_map_update_elem(fd, &key, &hdr, BPF_ANY) < 0)
		return -errno;
	dw.base = base;
	dw.loaded = true;
	return 0;
}

int dwunwind_map_load(const struct sonde_prog *p)
{
	const struct map_desc *m = &p->maps[p->dw_rows_map];
	struct dw_row *rows = dw.pending;
	uint32_t n = dw.npending;
	int err = 0;

	dw.pending = NULL;
	if (!maps_signature(p->dw_pid, &dw.sig) && !rows) {
		err = -ESRCH;
	} else if (!rows) {
		err = dwunwind_table(p->dw_pid, &rows, &n);
		if (err) {
			diag_warn(NULL, "dw_ustack: cannot read the mappings of process %d: %s", p->dw_pid,
				  strerror(-err));
			return err;
		}
	}
	if (!err && rows)
		err = load_half(m->fd, p->dw_pid, rows, n);
	free(rows);
	if (err && err != -ESRCH)
		diag_warn(NULL, "dw_ustack: cannot load the unwind table: %s", strerror(-err));
	return err;
}

void dwunwind_refresh(const struct sonde_prog *p)
{
	uint64_t sig, now;
	struct timespec ts;

	if (p->dw_rows_map < 0 || (!dw.loaded && !dw.watch))
		return;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	now = ts.tv_sec * 1000000000ULL + ts.tv_nsec;
	if (now < dw.next_ns)
		return;
	dw.next_ns = now + DW_REFRESH_NS;
	if (!maps_signature(p->dw_pid, &sig) || sig == dw.sig)
		return;
	if (dwunwind_map_load(p) == 0)
		dw.watch = false;
}

void dwunwind_watch(const struct sonde_prog *p)
{
	if (p->dw_rows_map < 0)
		return;
	dw.watch = true;
	maps_signature(p->dw_pid, &dw.sig);
}
