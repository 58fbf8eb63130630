/*
 * dwunwind.h: dw_ustack's unwind table, built from the call-frame
 * information (.eh_frame) of the executable files a process maps.
 *
 * Each row says, from its address to the next row's, how to find the
 * canonical frame address (CFA: the caller's stack pointer) and the
 * caller's frame pointer; the return address is at CFA - 8 (x86-64).
 * Rows are sorted by absolute address; row 0 is a header whose pc is the
 * number of rows after it. Programs binary-search the rows for a pc
 * (lower_dwstack.c) and walk the stack with bpf_probe_read_user.
 */
#ifndef SONDE_DWUNWIND_H
#define SONDE_DWUNWIND_H

#include <stdint.h>

struct sonde_prog;

enum dw_row_kind {
	DW_ROW_SP,   /* CFA = rsp + cfa_off */
	DW_ROW_BP,   /* CFA = rbp + cfa_off */
	DW_ROW_END,  /* the return address is undefined: the outermost frame (_start) */
	DW_ROW_FP,   /* no rule sonde can follow here (no FDE, a CFA expression): walk the frame pointer */
};

struct dw_row {
	uint64_t pc;
	int32_t cfa_off;
	uint8_t kind;       /* enum dw_row_kind */
	uint8_t bp_saved;   /* the caller's rbp is at CFA + bp_off (else it is unchanged) */
	int16_t bp_off;
};

/*
 * The programs' row map: entry 0 a header, then two halves of rows. The
 * header's pc holds the number of rows and, in its high 32 bits, the index
 * (less 1) where they start; programs search the half it names while sonde
 * writes a new table into the other when the process's mappings change
 * (dlopen), then rewrites the header. At header byte 8: set by programs once
 * they warned about a process without a table.
 */
#define DW_HDR_WARNED_OFF 8
/* Rows a -c command gets in each half, as its libraries are not mapped when the map is made (2 MiB) */
#define DW_CHILD_ROWS (1u << 17)
/* How often sonde looks for new mappings of the process */
#define DW_REFRESH_NS 200000000ULL

/* The row map's entries for p->dw_pid (its table is read now unless it is the -c command). */
uint32_t dwunwind_map_entries(const struct sonde_prog *p);
/* Loads the table into the created row map (read now unless dwunwind_map_entries read it). */
int dwunwind_map_load(const struct sonde_prog *p);
/* In the event loop: a new table when the process's executable mappings changed (at most every DW_REFRESH_NS). */
void dwunwind_refresh(const struct sonde_prog *p);
/* No table could be loaded at the start (the -c command not traced): load one when the mappings change. */
void dwunwind_watch(const struct sonde_prog *p);

/* Rows for every executable file mapping of pid, sorted; *nrows counts the header. 0 or -errno. */
int dwunwind_table(int pid, struct dw_row **rows, uint32_t *nrows);
/* The rows of one ELF file loaded at bias, appended to *rows (unit tests; dwunwind_table's step). */
int dwunwind_file(const char *path, uint64_t bias, uint64_t lo, uint64_t hi, struct dw_row **rows, uint32_t *n,
		  uint32_t *cap);

/*
 * -c with dw_ustack: starts the held child under ptrace, runs it to its ELF
 * entry point (the dynamic loader has mapped its libraries by then), and
 * returns with the child stopped there; dwunwind_child_release lets it go.
 */
/* Attaches to the child while it waits to exec (before its go byte is written). */
int dwunwind_child_seize(int pid);
int dwunwind_child_to_entry(int pid);
void dwunwind_child_release(int pid);

#endif
