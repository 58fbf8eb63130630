/*
 * btf_scan.c: a few facts from vmlinux BTF without loading it.
 *
 * libbpf's parse copies the whole BTF (5 MiB here) and indexes it: about
 * 8 MiB of memory, more than all the rest of a one-liner's run. The probes
 * that need only a type id or a member offset or two read the file in small
 * chunks instead: the names first (the string section), then the types,
 * remembering only what was asked for. Reading through a small buffer keeps
 * the file's pages out of this process's memory.
 */
#include "btf_scan.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/btf.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CHUNK (64 * 1024)

struct reader {
	int fd;
	uint8_t *buf;
	size_t cap, len, pos;   /* buf[pos, len) is unread */
	uint64_t left;          /* bytes of the section not yet in buf */
};

/* Makes n bytes available at r->buf + r->pos; -EIO if the section ends first. */
static int reader_need(struct reader *r, size_t n)
{
	if (r->len - r->pos >= n)
		return 0;
	memmove(r->buf, r->buf + r->pos, r->len - r->pos);
	r->len -= r->pos;
	r->pos = 0;
	if (n > r->cap) {
		r->cap = n + CHUNK;
		r->buf = xrealloc(r->buf, r->cap);
	}
	while (r->len < n) {
		size_t want = r->cap - r->len;
		if (want > r->left)
			want = r->left;
		if (!want)
			return -EIO;
		ssize_t got = read(r->fd, r->buf + r->len, want);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			return -EIO;
		r->len += got;
		r->left -= got;
	}
	return 0;
}

static int reader_start(struct reader *r, int fd, uint64_t off, uint64_t len)
{
	if (lseek(fd, off, SEEK_SET) < 0)
		return -errno;
	r->fd = fd;
	r->len = r->pos = 0;
	r->left = len;
	return 0;
}

static bool all_found(const struct btf_scan_query *q, int n, const uint32_t *type_off, const uint32_t *member_off)
{
	for (int i = 0; i < n; i++)
		if (!type_off[i] || (q[i].member && !member_off[i]))
			return false;
	return true;
}

/* The offsets in the string section of every name a query uses (0: absent). */
static int scan_strings(struct reader *r, struct btf_scan_query *q, int n, uint32_t *type_off, uint32_t *member_off)
{
	uint64_t base = 0, lens = 0;

	for (int i = 0; i < n; i++)
		if (q[i].type_len < 64 && q[i].member_len < 64)
			lens |= 1ull << q[i].type_len | 1ull << q[i].member_len;

	for (;;) {
		if (r->pos == r->len && reader_need(r, 1) < 0)
			return 0;
		uint8_t *s = r->buf + r->pos;
		uint8_t *end = memchr(s, '\0', r->len - r->pos);
		if (!end) {
			/* a name split by the chunk's end: get the rest of it */
			size_t have = r->len - r->pos;
			if (reader_need(r, have + 1) < 0)
				return 0;
			continue;
		}
		size_t len = end - s + 1;
		/* the lengths first: almost every name is ruled out without reading it again */
		bool found = false;
		for (int i = 0; i < n && base && len < 64 && (lens & (1ull << len)); i++) {
			if (!type_off[i] && len == q[i].type_len && !memcmp(s, q[i].type_name, len))
				found = (type_off[i] = base) != 0;
			if (q[i].member && !member_off[i] && len == q[i].member_len && !memcmp(s, q[i].member, len))
				found = (member_off[i] = base) != 0;
		}
		/* names are stored once: when the last one asked for is found, the rest can go unread */
		if (found && all_found(q, n, type_off, member_off))
			return 0;
		base += len;
		r->pos += len;
	}
}

/* Bytes that follow a type's struct btf_type, by kind. */
static size_t type_extra(const struct btf_type *t)
{
	uint16_t vlen = BTF_INFO_VLEN(t->info);

	switch (BTF_INFO_KIND(t->info)) {
	case BTF_KIND_INT:
	case BTF_KIND_VAR:
	case BTF_KIND_DECL_TAG:
		return 4;
	case BTF_KIND_ARRAY:
		return sizeof(struct btf_array);
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
	case BTF_KIND_DATASEC:
		return (size_t)vlen * 12;
	case BTF_KIND_ENUM:
	case BTF_KIND_FUNC_PROTO:
		return (size_t)vlen * 8;
	case BTF_KIND_ENUM64:
		return (size_t)vlen * 12;
	default:
		return 0;
	}
}

/* Every query has its type, or its name is nowhere in the file. */
static bool all_answered(const struct btf_scan_query *q, int n, const uint32_t *type_off)
{
	for (int i = 0; i < n; i++)
		if (type_off[i] && !q[i].id)
			return false;
	return true;
}

int btf_scan(const char *path, struct btf_scan_query *q, int n)
{
	struct btf_header h;
	struct reader r = { .buf = xmalloc(CHUNK), .cap = CHUNK };
	uint32_t *type_off = xcalloc(n, sizeof(*type_off)), *member_off = xcalloc(n, sizeof(*member_off));
	int fd = open(path, O_RDONLY | O_CLOEXEC), err = 0;

	for (int i = 0; i < n; i++) {
		q[i].id = 0;
		q[i].offset = -1;
		q[i].type_len = strlen(q[i].type_name) + 1;
		q[i].member_len = q[i].member ? strlen(q[i].member) + 1 : 0;
	}
	if (fd < 0) {
		err = -errno;
		goto out;
	}
	if (read(fd, &h, sizeof(h)) != (ssize_t)sizeof(h) || h.magic != BTF_MAGIC || h.hdr_len < sizeof(h)) {
		err = -EINVAL;
		goto out;
	}
	if ((err = reader_start(&r, fd, (uint64_t)h.hdr_len + h.str_off, h.str_len)) < 0)
		goto out;
	scan_strings(&r, q, n, type_off, member_off);
	if ((err = reader_start(&r, fd, (uint64_t)h.hdr_len + h.type_off, h.type_len)) < 0)
		goto out;
	int answered_check = 0;
	for (uint32_t id = 1;; id++) {
		if (reader_need(&r, sizeof(struct btf_type)) < 0)
			break;
		struct btf_type t;
		memcpy(&t, r.buf + r.pos, sizeof(t));
		size_t extra = type_extra(&t);
		if ((err = reader_need(&r, sizeof(t) + extra)) < 0)
			goto out;
		const uint8_t *more = r.buf + r.pos + sizeof(t);
		uint32_t kind = BTF_INFO_KIND(t.info);
		for (int i = 0; i < n && (kind == BTF_KIND_STRUCT || kind == BTF_KIND_TYPEDEF || kind == BTF_KIND_UNION); i++) {
			if (!type_off[i] || t.name_off != type_off[i] || (int)kind != q[i].kind ||
			    q[i].id)
				continue;
			q[i].id = id;
			if (!q[i].member || (q[i].kind != BTF_KIND_STRUCT && q[i].kind != BTF_KIND_UNION))
				continue;
			for (uint16_t m = 0; m < BTF_INFO_VLEN(t.info); m++) {
				struct btf_member bm;
				memcpy(&bm, more + (size_t)m * sizeof(bm), sizeof(bm));
				if (!member_off[i] || bm.name_off != member_off[i])
					continue;
				uint32_t bits = BTF_INFO_KFLAG(t.info) ? BTF_MEMBER_BIT_OFFSET(bm.offset) : bm.offset;
				if (bits % 8 == 0)
					q[i].offset = bits / 8;
			}
		}
		r.pos += sizeof(t) + extra;
		if (++answered_check == 256) {
			answered_check = 0;
			if (all_answered(q, n, type_off))
				break;
		}
	}
	err = 0;
out:
	if (fd >= 0)
		close(fd);
	free(r.buf);
	free(type_off);
	free(member_off);
	return err;
}
