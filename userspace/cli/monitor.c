// SPDX-License-Identifier: GPL-2.0
/*
 * sdnctl monitor [dev BRIDGE]: the "events" group, one line per change.
 *
 * An event is the request that made the change, so each line is written
 * as the sdnctl command with the same effect:
 *
 *	pod add dev br0 ip 10.128.0.2 port veth1 mac 0a:58:0a:80:00:02 vnid 0
 *	pod del dev br0 ip 10.128.0.2
 *	egress replace dev br0 vnid 10 ip 192.0.2.100 node 192.0.2.11
 *	firewall add dev br0 vnid 10 allow 198.51.100.7/32 deny 0.0.0.0/0
 *	bridge set dev br0 mode subnet cluster-network 10.128.0.0/14 ...
 *
 * One event message can carry many entries (a batch); each gets a line.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

#include <linux/sdnbr.h>

#include "sdnbr_names.h"
#include "sdnbr_util.h"
#include "sdnctl.h"

struct monitor {
	struct sdnctl *ctx;
	struct sdnbr_json *j;
	const char *dev;	/* only this bridge, if set */
	char time[64];		/* of the message being printed */
	const char *object;
	const char *command;
	const struct sdnbr_bridge *br;
};

static const struct {
	uint8_t cmd;
	const char *object;
	const char *command;	/* NULL: add, replace or change by flags */
	uint16_t type;
} events[] = {
	{ SDNBR_CMD_BR_SET, "bridge", "set", 0 },
	{ SDNBR_CMD_POD_NEW, "pod", NULL, SDNBR_A_POD },
	{ SDNBR_CMD_POD_DEL, "pod", "del", SDNBR_A_POD },
	{ SDNBR_CMD_POD_FLUSH, "pod", "flush", 0 },
	{ SDNBR_CMD_NODE_NEW, "node", NULL, SDNBR_A_NODE },
	{ SDNBR_CMD_NODE_DEL, "node", "del", SDNBR_A_NODE },
	{ SDNBR_CMD_NODE_FLUSH, "node", "flush", 0 },
	{ SDNBR_CMD_NS_NEW, "ns", NULL, SDNBR_A_NS },
	{ SDNBR_CMD_NS_DEL, "ns", "del", SDNBR_A_NS },
	{ SDNBR_CMD_NS_FLUSH, "ns", "flush", 0 },
	{ SDNBR_CMD_EGRESS_NEW, "egress", NULL, SDNBR_A_EGRESS },
	{ SDNBR_CMD_EGRESS_DEL, "egress", "del", SDNBR_A_EGRESS },
	{ SDNBR_CMD_EGRESS_FLUSH, "egress", "flush", 0 },
	{ SDNBR_CMD_FW_NEW, "firewall", NULL, SDNBR_A_FW },
	{ SDNBR_CMD_FW_DEL, "firewall", "del", SDNBR_A_FW },
	{ SDNBR_CMD_FW_FLUSH, "firewall", "flush", 0 },
};

/* Like rtnetlink: the flags of the request, if the event has them. */
static const char *new_command(uint16_t flags)
{
	if ((flags & NLM_F_REPLACE) && (flags & NLM_F_CREATE))
		return "replace";
	if (flags & NLM_F_REPLACE)
		return "change";
	return "add";
}

static void stamp(struct monitor *m)
{
	struct timeval tv;
	struct tm tm;
	char date[40], zone[8];

	m->time[0] = '\0';
	if (!m->ctx->timestamp)
		return;
	gettimeofday(&tv, NULL);
	localtime_r(&tv.tv_sec, &tm);
	strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%S", &tm);
	strftime(zone, sizeof(zone), "%z", &tm);
	snprintf(m->time, sizeof(m->time), "%s.%06ld%s", date,
		 (long)tv.tv_usec, zone);
}

static void begin_line(struct monitor *m)
{
	const char *dev = m->br->ifname[0] ? m->br->ifname : NULL;

	if (m->j) {
		sdnbr_json_start_object(m->j);
		if (m->time[0])
			sdnbr_json_kv_string(m->j, "time", m->time);
		sdnbr_json_kv_string(m->j, "object", m->object);
		sdnbr_json_kv_string(m->j, "command", m->command);
		if (dev)
			sdnbr_json_kv_string(m->j, "dev", dev);
		else
			sdnbr_json_kv_null(m->j, "dev");
		if (m->br->has & SDNBR_HAS(SDNBR_A_IFINDEX))
			sdnbr_json_kv_u64(m->j, "ifindex", m->br->ifindex);
		return;
	}
	if (m->time[0])
		printf("[%s] ", m->time);
	printf("%s %s", m->object, m->command);
	if (dev)
		printf(" dev %s", dev);
	else if (m->br->has & SDNBR_HAS(SDNBR_A_IFINDEX))
		printf(" dev ifindex:%u", m->br->ifindex);
}

static void end_line(struct monitor *m)
{
	if (m->j)
		sdnbr_json_end_object(m->j);
	else
		putchar('\n');
}

static int print_entry(const struct sdnbr_entry *e, void *arg)
{
	struct monitor *m = arg;
	struct sdnbr_entry full = *e;

	/* An add, even of an empty list, carries the list: say so in JSON. */
	if (strcmp(m->command, "del")) {
		if (e->type == SDNBR_A_EGRESS)
			full.egress.has |= SDNBR_HAS(SDNBR_EGRESS_A_IP);
		else if (e->type == SDNBR_A_FW)
			full.fw.has |= SDNBR_HAS(SDNBR_FW_A_RULE);
	}
	begin_line(m);
	if (m->j) {
		sdnctl_print_entry_json(m->ctx, m->j, &full);
	} else {
		putchar(' ');
		sdnctl_print_entry_args(m->ctx, stdout, e);
	}
	end_line(m);
	return 0;
}

static int on_event(const struct nlmsghdr *nlh, void *arg)
{
	struct monitor *m = arg;
	struct sdnbr_bridge br;
	uint8_t cmd = sdnbr_msg_cmd(nlh);
	size_t i;
	int ret;

	for (i = 0; i < SDNBR_ARRAY_SIZE(events); i++) {
		if (events[i].cmd == cmd)
			break;
	}
	if (i == SDNBR_ARRAY_SIZE(events))
		return 0;
	/* BR_SET carries the settings; the others at most the bridge. */
	ret = sdnbr_msg_parse_bridge(nlh, &br);
	if (ret) {
		sdnctl_err(m->ctx, "monitor: ignoring a malformed event (command %u)",
			   cmd);
		return 0;
	}
	if (m->dev && strcmp(br.ifname, m->dev))
		return 0;
	/* Ports come and go while a monitor runs: look names up afresh. */
	memset(m->ctx->ifcache, 0, sizeof(m->ctx->ifcache));
	stamp(m);
	m->br = &br;
	m->object = events[i].object;
	m->command = events[i].command ? events[i].command :
					 new_command(nlh->nlmsg_flags);
	if (events[i].type) {
		ret = sdnbr_msg_for_each_entry(nlh, events[i].type, &br,
					       print_entry, m);
		if (ret)
			sdnctl_err(m->ctx, "monitor: malformed %s %s event",
				   m->object, m->command);
	} else {
		begin_line(m);
		if (cmd == SDNBR_CMD_BR_SET) {
			if (m->j) {
				sdnbr_json_key(m->j, "config");
				sdnbr_json_start_object(m->j);
				sdnctl_print_config_json(m->j, &br.cfg);
				sdnbr_json_end_object(m->j);
			} else {
				sdnctl_print_config_args(stdout, &br.cfg);
			}
		}
		end_line(m);
	}
	fflush(stdout);
	return ferror(stdout) ? -EIO : 0;
}

int do_monitor(struct sdnctl *ctx, int argc, char **argv)
{
	struct sdnctl_kw kws[] = {
		SDNCTL_KW("dev", "BRIDGE", sdnctl_p_ifname, NULL),
	};
	struct monitor m = { .ctx = ctx };
	struct sdnbr_nl *nl;
	char dev[IFNAMSIZ], err[256];
	int ret;

	/* "sdnctl monitor -t" as well as "sdnctl -t monitor" */
	while (argc && (!strcmp(argv[0], "-t") ||
			!strcmp(argv[0], "--timestamp"))) {
		ctx->timestamp = true;
		argc--;
		argv++;
	}
	kws[0].dst = dev;
	if (sdnctl_parse_kws(ctx, argc, argv, kws, SDNBR_ARRAY_SIZE(kws)))
		return 1;
	if (kws[0].n)
		m.dev = dev;
	/* A handle of its own: one that receives events sends nothing. */
	ret = sdnbr_nl_open(&nl, SDNBR_GENL_NAME, err, sizeof(err));
	if (ret) {
		sdnctl_err(ctx, "%s", err);
		return 1;
	}
	ret = sdnbr_nl_subscribe(nl, SDNBR_MCGRP_EVENTS);
	if (ret) {
		char op[64];

		sdnctl_kernel_err(ctx, NULL, sdnctl_op(ctx, op, sizeof(op)),
				  ret, sdnbr_nl_extack(nl), NULL, false);
		sdnbr_nl_close(nl);
		return 1;
	}
	if (ctx->json) {
		m.j = sdnctl_json(ctx);
		if (!m.j) {
			sdnbr_nl_close(nl);
			return 1;
		}
	}
	for (;;) {
		ret = sdnbr_nl_recv_events(nl, on_event, &m);
		if (!ret || ret == -EINTR)
			continue;
		if (ret == -ENOBUFS) {
			/* The kernel dropped events: say so, go on. */
			sdnctl_err(ctx, "monitor: events were lost (receive buffer full)");
			continue;
		}
		if (ret == -EIO)
			ret = 0;	/* stdout went away: just stop */
		else
			sdnctl_err(ctx, "monitor: receiving events: %s",
				   strerror(-ret));
		break;
	}
	if (m.j)
		sdnbr_json_free(m.j);
	sdnbr_nl_close(nl);
	return 1;
}
