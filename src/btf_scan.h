/* btf_scan.h: type ids and member offsets read from a BTF file in passing (see btf_scan.c). */
#ifndef SONDE_BTF_SCAN_H
#define SONDE_BTF_SCAN_H

#include <stddef.h>
#include <stdint.h>

struct btf_scan_query {
	const char *type_name;  /* "thread_info" */
	int kind;               /* BTF_KIND_STRUCT, BTF_KIND_UNION or BTF_KIND_TYPEDEF */
	/* names are at most 62 characters long */
	const char *member;     /* NULL, or a direct member of the struct or union */
	/* answers */
	uint32_t id;            /* 0: no such type */
	int32_t offset;         /* the member's byte offset; -1: no such member (or a bitfield) */
	size_t type_len, member_len; /* btf_scan's */
};

/*
 * Answers the queries from the BTF file at path (the first type of that name
 * and kind). Returns 0 (unanswered queries say so in id/offset) or -errno if
 * the file cannot be read as BTF.
 */
int btf_scan(const char *path, struct btf_scan_query *q, int n);

#endif
