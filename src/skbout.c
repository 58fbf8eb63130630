/*
 * skbout.c: skboutput()'s packets into pcap files. bpf_skb_output writes
 * perf samples, not ring buffer records: one perf buffer per CPU, read
 * alongside the ring buffer. Each sample is a struct skb_meta followed by
 * the skb's first offset + len bytes.
 */
#include "runtime_priv.h"
#include "diag.h"

#include <bpf/libbpf.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* pcap's file format: microsecond time stamps, packets starting at their IP header. */
#define PCAP_MAGIC        0xa1b2c3d4u
#define PCAP_LINKTYPE_RAW 101u
#define PCAP_SNAPLEN      262144u
#define SKB_PAGES         64      /* per CPU: 256 KiB */

struct pcap_file_header {
	uint32_t magic;
	uint16_t version_major, version_minor;
	int32_t thiszone;
	uint32_t sigfigs, snaplen, linktype;
};

struct pcap_record_header {
	uint32_t ts_sec, ts_usec, incl_len, orig_len;
};

struct rt_skb {
	struct perf_buffer *pb;
	FILE **files;
	int nfiles;
	int64_t realtime_off;    /* CLOCK_REALTIME - CLOCK_MONOTONIC, in ns */
	uint64_t lost;
};

static int64_t clock_ns(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void on_sample(void *ctx, int cpu, void *data, uint32_t size)
{
	struct rt_skb *s = ctx;
	struct skb_meta m;

	if (size < sizeof(m))
		return;
	memcpy(&m, data, sizeof(m));
	if (m.id >= (uint32_t)s->nfiles || !s->files[m.id])
		return;
	/* perf pads samples to 8 bytes: the meta says how many bytes are the packet */
	uint64_t have = size - sizeof(m);
	if ((uint64_t)m.offset > have)
		return;
	uint64_t len = m.len;
	if (len > have - m.offset)
		len = have - m.offset;
	int64_t t = (int64_t)m.ts + s->realtime_off;
	struct pcap_record_header h = {
		.ts_sec = (uint32_t)(t / 1000000000),
		.ts_usec = (uint32_t)(t % 1000000000 / 1000),
		.incl_len = (uint32_t)len,
		.orig_len = (uint32_t)len,
	};
	fwrite(&h, sizeof(h), 1, s->files[m.id]);
	fwrite((const char *)data + sizeof(m) + m.offset, 1, len, s->files[m.id]);
}

static void on_lost(void *ctx, int cpu, __u64 n)
{
	struct rt_skb *s = ctx;
	s->lost += n;
}

int rt_skb_open(struct runtime *rt)
{
	const struct sonde_prog *p = rt->p;

	if (p->nskb_paths <= 0 || p->skb_map < 0 || p->skb_map >= p->nmaps)
		return 0;
	struct rt_skb *s = xcalloc(1, sizeof(*s));
	rt->skb = s;
	s->realtime_off = clock_ns(CLOCK_REALTIME) - clock_ns(CLOCK_MONOTONIC);
	s->nfiles = p->nskb_paths;
	s->files = xcalloc(s->nfiles, sizeof(*s->files));
	for (int i = 0; i < s->nfiles; i++) {
		s->files[i] = fopen(p->skb_paths[i], "wb");
		if (!s->files[i]) {
			int err = errno;
			diag_error(NULL, "skboutput(): cannot create %s: %s", p->skb_paths[i], strerror(err));
			return -err;
		}
		struct pcap_file_header h = {
			.magic = PCAP_MAGIC, .version_major = 2, .version_minor = 4,
			.snaplen = PCAP_SNAPLEN, .linktype = PCAP_LINKTYPE_RAW,
		};
		fwrite(&h, sizeof(h), 1, s->files[i]);
	}
	s->pb = perf_buffer__new(p->maps[p->skb_map].fd, SKB_PAGES, on_sample, on_lost, s, NULL);
	if (!s->pb) {
		int err = errno;
		diag_error(NULL, "skboutput(): cannot read the perf buffers: %s", strerror(err));
		return -err;
	}
	return 0;
}

int rt_skb_fd(const struct runtime *rt)
{
	return rt->skb && rt->skb->pb ? perf_buffer__epoll_fd(rt->skb->pb) : -1;
}

int rt_skb_consume(struct runtime *rt)
{
	if (!rt->skb || !rt->skb->pb)
		return 0;
	int n = perf_buffer__consume(rt->skb->pb);
	for (int i = 0; i < rt->skb->nfiles; i++)
		if (rt->skb->files[i])
			fflush(rt->skb->files[i]);
	return n < 0 ? 0 : n;
}

void rt_skb_close(struct runtime *rt)
{
	struct rt_skb *s = rt->skb;

	if (!s)
		return;
	if (s->pb) {
		perf_buffer__consume(s->pb);
		perf_buffer__free(s->pb);
	}
	for (int i = 0; i < s->nfiles; i++)
		if (s->files[i])
			fclose(s->files[i]);
	if (s->lost)
		diag_runtime_warn("skboutput(): %llu packets lost (the perf buffers were full)",
			(unsigned long long)s->lost);
	free(s->files);
	free(s);
	rt->skb = NULL;
}
