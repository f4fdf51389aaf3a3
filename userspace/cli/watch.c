// SPDX-License-Identifier: GPL-2.0
/*
 * sdnctl watch: the path of real packets, live. The pipeline fires the
 * tracepoints sdnbr:sdnbr_stage (each stage a packet passes) and
 * sdnbr:sdnbr_verdict (where it went or why it was dropped). watch turns
 * them on in a tracefs instance of its own, with the filter in the
 * kernel, and prints one line per packet. Nobody watching, the
 * tracepoints are patched-out jumps: watching costs nothing otherwise.
 *
 *	watch [dev BRIDGE] [pod ADDRESS] [drops yes|no] [count N]
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/sdnbr.h>

#include "sdnbr_names.h"
#include "sdnbr_util.h"
#include "sdnctl.h"

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static const char *tracefs(void)
{
	static const char *const dirs[] = {
		"/sys/kernel/tracing", "/sys/kernel/debug/tracing",
	};
	char p[128];
	size_t i;

	for (i = 0; i < SDNBR_ARRAY_SIZE(dirs); i++) {
		snprintf(p, sizeof(p), "%s/instances", dirs[i]);
		if (!access(p, F_OK))
			return dirs[i];
	}
	/* not mounted yet: as perf and trace-cmd do, mount it */
	if (!mount("nodev", dirs[0], "tracefs", 0, NULL))
		return dirs[0];
	return NULL;
}

static int write_file(const char *dir, const char *file, const char *s)
{
	char p[512];
	int fd, ret = 0;

	snprintf(p, sizeof(p), "%s/%s", dir, file);
	fd = open(p, O_WRONLY | O_TRUNC);
	if (fd < 0)
		return -errno;
	if (write(fd, s, strlen(s)) < 0)
		ret = -errno;
	close(fd);
	return ret;
}

/* One packet being followed: its stages so far, by skb pointer. */
struct watched {
	char skb[24];
	char path[512];
	size_t len;
};

#define WATCH_SLOTS 64

static struct watched *slot(struct watched *w, const char *skb)
{
	struct watched *free_slot = NULL;
	size_t i;

	for (i = 0; i < WATCH_SLOTS; i++) {
		if (!strcmp(w[i].skb, skb))
			return &w[i];
		if (!free_slot && !w[i].skb[0])
			free_slot = &w[i];
	}
	if (!free_slot)
		free_slot = &w[0];	/* lost verdicts: reuse the oldest */
	memset(free_slot, 0, sizeof(*free_slot));
	snprintf(free_slot->skb, sizeof(free_slot->skb), "%s", skb);
	return free_slot;
}

/* The value of "key=" in a tracepoint line, as a string. */
static const char *field(const char *line, const char *key, char *buf,
			 size_t len)
{
	char k[32];
	const char *p;
	size_t n;

	snprintf(k, sizeof(k), " %s=", key);
	p = strstr(line, k);
	if (!p)
		return NULL;
	p += strlen(k);
	n = strcspn(p, " \n");
	if (n >= len)
		n = len - 1;
	memcpy(buf, p, n);
	buf[n] = '\0';
	return buf;
}

static uint32_t field_u32(const char *line, const char *key)
{
	char b[24];

	if (!field(line, key, b, sizeof(b)))
		return 0;
	return (uint32_t)strtoul(b, NULL, 0);
}

static const char *ip(uint32_t host, char buf[INET_ADDRSTRLEN])
{
	struct in_addr a = { .s_addr = htonl(host) };

	return inet_ntop(AF_INET, &a, buf, INET_ADDRSTRLEN);
}

static void verdict(struct sdnctl *ctx, struct watched *w, const char *line)
{
	char tb[SDNBR_NAME_STRLEN], rb[SDNBR_NAME_STRLEN], br[IFNAMSIZ];
	char in[IFNAMSIZ], out[IFNAMSIZ], s[INET_ADDRSTRLEN];
	char d[INET_ADDRSTRLEN], t[INET_ADDRSTRLEN];
	uint32_t reason = field_u32(line, "reason");
	uint32_t table = field_u32(line, "table");
	uint32_t tun = field_u32(line, "tun_dst");
	uint32_t mark = field_u32(line, "mark");
	const char *inn, *outn;

	if (!field(line, "br", br, sizeof(br)))
		snprintf(br, sizeof(br), "?");
	inn = sdnctl_ifname(ctx, field_u32(line, "in"), in) ?: "?";
	outn = sdnctl_ifname(ctx, field_u32(line, "out"), out) ?: "?";
	ip(field_u32(line, "saddr"), s);
	ip(field_u32(line, "daddr"), d);
	if (ctx->json) {
		struct sdnbr_json *j = sdnctl_json(ctx);

		if (!j)
			return;
		sdnbr_json_start_object(j);
		sdnbr_json_kv_string(j, "bridge", br);
		sdnbr_json_kv_string(j, "in", inn);
		sdnbr_json_kv_string(j, "src", s);
		sdnbr_json_kv_string(j, "dst", d);
		sdnbr_json_kv_string(j, "stages", w->path);
		if (reason) {
			sdnbr_json_kv_string(j, "action", "drop");
			sdnbr_json_kv_string(j, "reason",
					     sdnbr_fmt_drop_reason(reason, rb));
			sdnbr_json_kv_u64(j, "table", table);
		} else {
			sdnbr_json_kv_string(j, "action", "output");
			sdnbr_json_kv_string(j, "port", outn);
			if (tun) {
				sdnbr_json_kv_string(j, "remote", ip(tun, t));
				sdnbr_json_kv_u64(j, "vni",
						  field_u32(line, "vni"));
			}
			sdnbr_json_kv_u64(j, "mark", mark);
		}
		sdnbr_json_end_object(j);
		sdnbr_json_free(j);
	} else {
		printf("%s %s %s > %s: %s -> ", br, inn, s, d, w->path);
		if (reason) {
			printf("drop %s at %s\n",
			       sdnbr_fmt_drop_reason(reason, rb),
			       sdnbr_fmt_table(table, tb));
		} else {
			printf("output %s", outn);
			if (tun)
				printf(" remote %s vni %" PRIu32, ip(tun, t),
				       field_u32(line, "vni"));
			if (mark)
				printf(" mark 0x%" PRIx32, mark);
			putchar('\n');
		}
	}
	fflush(stdout);
	w->skb[0] = '\0';
}

static void stage(struct watched *w, const char *line)
{
	char tb[SDNBR_NAME_STRLEN];
	uint32_t table = field_u32(line, "table");

	if (table == SDNBR_TABLE_OUTPUT)
		return;
	if (w->len < sizeof(w->path) - 32)
		w->len += (size_t)snprintf(w->path + w->len,
					   sizeof(w->path) - w->len, "%s%s",
					   w->len ? ", " : "",
					   sdnbr_fmt_table(table, tb));
}

int do_watch(struct sdnctl *ctx, int argc, char **argv)
{
	char dev[IFNAMSIZ], inst[256], filter[256], line[1024], skb[24];
	struct watched *w;
	struct in_addr pod;
	struct sigaction sa;
	bool drops = false;
	uint32_t count = 0, seen = 0;
	struct sdnctl_kw kws[] = {
		SDNCTL_KW("dev", "BRIDGE", sdnctl_p_ifname, dev),
		SDNCTL_KW("pod", "ADDRESS", sdnctl_p_ipv4, &pod),
		SDNCTL_KW("drops", "yes|no", sdnctl_p_bool, &drops),
		SDNCTL_KW("count", "N", sdnctl_p_u32, &count),
	};
	const char *fs;
	FILE *pipe;
	int ret = 1;
	size_t n;

	if (sdnctl_parse_kws(ctx, argc, argv, kws, SDNBR_ARRAY_SIZE(kws)))
		return 1;
	fs = tracefs();
	if (!fs)
		return sdnctl_arg_err(ctx, "tracefs is not mounted and could not be: %s",
				      strerror(errno));
	n = 0;
	filter[0] = '\0';
	if (kws[0].n)
		n += (size_t)snprintf(filter + n, sizeof(filter) - n,
				      "br == \"%s\"", dev);
	if (kws[1].n)
		n += (size_t)snprintf(filter + n, sizeof(filter) - n,
				      "%s(saddr == 0x%08" PRIx32
				      " || daddr == 0x%08" PRIx32 ")",
				      n ? " && " : "", ntohl(pod.s_addr),
				      ntohl(pod.s_addr));
	snprintf(inst, sizeof(inst), "%s/instances/sdnctl-watch-%d", fs,
		 (int)getpid());
	if (mkdir(inst, 0700))
		return sdnctl_arg_err(ctx, "cannot create tracefs instance %s: %s",
				      inst, strerror(errno));
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGPIPE, &sa, NULL);

	w = calloc(WATCH_SLOTS, sizeof(*w));
	if (!w)
		goto out;
	if ((filter[0] &&
	     (write_file(inst, "events/sdnbr/sdnbr_stage/filter", filter) ||
	      write_file(inst, "events/sdnbr/sdnbr_verdict/filter", filter))) ||
	    write_file(inst, "events/sdnbr/sdnbr_stage/enable", "1") ||
	    write_file(inst, "events/sdnbr/sdnbr_verdict/enable", "1")) {
		sdnctl_arg_err(ctx, "cannot enable the sdnbr tracepoints in %s (is sdnbr.ko loaded?)",
			       inst);
		goto out;
	}
	snprintf(line, sizeof(line), "%s/trace_pipe", inst);
	pipe = fopen(line, "r");
	if (!pipe) {
		sdnctl_arg_err(ctx, "cannot open %s: %s", line, strerror(errno));
		goto out;
	}
	if (!ctx->json)
		fprintf(stderr, "watching%s%s; Ctrl-C to stop\n",
			filter[0] ? " packets with " : " every packet",
			filter);
	ret = 0;
	while (!stop && fgets(line, sizeof(line), pipe)) {
		bool is_verdict = strstr(line, " sdnbr_verdict: ") != NULL;

		if (!is_verdict && !strstr(line, " sdnbr_stage: "))
			continue;
		if (!field(line, "skb", skb, sizeof(skb)))
			continue;
		if (!is_verdict) {
			stage(slot(w, skb), line);
			continue;
		}
		if (drops && !field_u32(line, "reason")) {
			slot(w, skb)->skb[0] = '\0';
			continue;
		}
		verdict(ctx, slot(w, skb), line);
		if (count && ++seen >= count)
			break;
	}
	fclose(pipe);
out:
	write_file(inst, "events/sdnbr/sdnbr_stage/enable", "0");
	write_file(inst, "events/sdnbr/sdnbr_verdict/enable", "0");
	if (rmdir(inst))
		fprintf(stderr, "sdnctl: could not remove %s: %s\n", inst,
			strerror(errno));
	free(w);
	return ret;
}
