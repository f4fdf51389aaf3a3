// SPDX-License-Identifier: GPL-2.0
/*
 * sdnctl: configure and inspect the sdnbr datapath, in the style of ip(8).
 *
 *	sdnctl [-j] [-p] [-b FILE|-] [-n NETNS] OBJECT [COMMAND] [ARGS]
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <linux/sdnbr.h>

#include "sdnbr_util.h"
#include "sdnctl.h"

/*
 * Every command, in the order help lists them. An object with a NULL
 * command takes no command word (sdnctl version); others are OBJECT
 * COMMAND, and the SDNCTL_DEFAULT one runs when only OBJECT is given.
 */
static const struct sdnctl_cmd commands[] = {
	{
		.object = "show",
		.handler = do_show,
		.usage = "[dev BRIDGE]",
		.help =
"Show everything: settings, counters and every kind of entry.\n"
"For each bridge (or just BRIDGE): what \"bridge show\" prints, then the\n"
"pods, remote nodes, namespaces, egress IPs and egress firewalls with\n"
"their packet counters, sorted by key. With -j, one array of bridge\n"
"objects, each with \"pods\", \"nodes\", \"namespaces\", \"egress\" and\n"
"\"firewalls\" arrays.",
	},
	{
		.object = "bridge",
		.command = "show",
		.handler = do_bridge_show,
		.usage = "[dev BRIDGE]",
		.help =
"Show bridge settings, entry counts, memory and drop counters.\n"
"Without dev, every sdnbr bridge in the network namespace. Drops are\n"
"listed per reason (with the stage that dropped and what the reason\n"
"means) and per pipeline stage. The default command of \"bridge\".",
		.flags = SDNCTL_DEFAULT,
	},
	{
		.object = "bridge",
		.command = "set",
		.handler = do_bridge_set,
		.usage = "dev BRIDGE [mode subnet|multitenant] [cluster-network PREFIX]... [service-network PREFIX] [local-subnet PREFIX] [gateway ADDRESS] [node-ip ADDRESS] [vxlan-port PORT] [mtu MTU] [max-entries N]",
		.help =
"Change bridge settings; those not given keep their values.\n"
"cluster-network may be given up to 16 times and replaces the whole list.\n"
"The kernel checks the result as a whole (gateway inside the local\n"
"subnet, local subnet inside a cluster network, no overlap with the\n"
"service network) and applies all of it or none.",
	},
	{
		.object = "pod",
		.command = "add",
		.handler = do_pod_add,
		.usage = "dev BRIDGE ip ADDRESS port IFNAME [mac MAC] [vnid VNID]",
		.help =
"Add a local pod; fails if one with this IP exists.\n"
"port is the pod's host-side veth, a port of BRIDGE, looked up by name in\n"
"sdnctl's network namespace (\"ifindex N\" names it by index instead).\n"
"mac defaults to 0a:58 and the four bytes of the IP; vnid (the\n"
"namespace's VNID, 0..16777215) to 0.",
		.flags = SDNCTL_BULK,
	},
	{
		.object = "pod",
		.command = "replace",
		.handler = do_pod_replace,
		.usage = "dev BRIDGE ip ADDRESS port IFNAME [mac MAC] [vnid VNID]",
		.help =
"Add a local pod, or replace the one with this IP.\n"
"Settings not given get their defaults, as for \"pod add\".",
		.flags = SDNCTL_BULK,
	},
	{
		.object = "pod",
		.command = "change",
		.handler = do_pod_change,
		.usage = "dev BRIDGE ip ADDRESS port IFNAME [mac MAC] [vnid VNID]",
		.help =
"Replace the local pod with this IP; fails if there is none.\n"
"Settings not given get their defaults, as for \"pod add\".",
		.flags = SDNCTL_BULK,
	},
	{
		.object = "pod",
		.command = "del",
		.handler = do_pod_del,
		.usage = "dev BRIDGE ip ADDRESS",
		.help = "Delete the local pod with this IP.",
		.flags = SDNCTL_BULK,
	},
	{
		.object = "pod",
		.command = "get",
		.handler = do_pod_get,
		.usage = "dev BRIDGE ip ADDRESS",
		.help =
"Show the local pod with this IP and its counters.\n"
"rx counts the packets the pod sent (passing stage 20), tx those\n"
"delivered to it.",
	},
	{
		.object = "pod",
		.command = "show",
		.handler = do_pod_show,
		.usage = "[dev BRIDGE]",
		.help =
"List the local pods with their counters, sorted by IP.\n"
"Without dev, those of every bridge. The default command of \"pod\".",
		.flags = SDNCTL_DEFAULT,
	},
	{
		.object = "pod",
		.command = "flush",
		.handler = do_pod_flush,
		.usage = "dev BRIDGE",
		.help = "Delete every local pod of the bridge.",
	},
	{
		.object = "node",
		.command = "add",
		.handler = do_node_add,
		.usage = "dev BRIDGE subnet PREFIX ip ADDRESS [vnid VNID]",
		.help =
"Add a remote node: its host subnet is reached over VXLAN to its IP.\n"
"VXLAN is accepted only from node IPs. With vnid, all traffic to the\n"
"node uses that VNI instead of the source pod's VNID.",
		.flags = SDNCTL_BULK,
	},
	{
		.object = "node",
		.command = "replace",
		.handler = do_node_replace,
		.usage = "dev BRIDGE subnet PREFIX ip ADDRESS [vnid VNID]",
		.help =
"Add a remote node, or replace the one with this subnet.\n"
"Without vnid the node has no fixed VNI.",
		.flags = SDNCTL_BULK,
	},
	{
		.object = "node",
		.command = "change",
		.handler = do_node_change,
		.usage = "dev BRIDGE subnet PREFIX ip ADDRESS [vnid VNID]",
		.help =
"Replace the remote node with this subnet; fails if there is none.\n"
"Without vnid the node has no fixed VNI.",
		.flags = SDNCTL_BULK,
	},
	{
		.object = "node",
		.command = "del",
		.handler = do_node_del,
		.usage = "dev BRIDGE subnet PREFIX",
		.help = "Delete the remote node with this subnet.",
		.flags = SDNCTL_BULK,
	},
	{
		.object = "node",
		.command = "get",
		.handler = do_node_get,
		.usage = "dev BRIDGE subnet PREFIX",
		.help =
"Show the remote node with this subnet and its counters.\n"
"tx counts the packets sent to it, rx the VXLAN packets accepted from\n"
"its IP.",
	},
	{
		.object = "node",
		.command = "show",
		.handler = do_node_show,
		.usage = "[dev BRIDGE]",
		.help =
"List the remote nodes with their counters, sorted by subnet.\n"
"Without dev, those of every bridge. The default command of \"node\".",
		.flags = SDNCTL_DEFAULT,
	},
	{
		.object = "node",
		.command = "flush",
		.handler = do_node_flush,
		.usage = "dev BRIDGE",
		.help = "Delete every remote node of the bridge.",
	},
	{
		.object = "ns",
		.command = "add",
		.handler = do_ns_add,
		.usage = "dev BRIDGE vnid VNID [global on|off]",
		.help =
"Add a namespace (multitenant isolation), by its VNID.\n"
"A global namespace reaches and is reached by all others; the default\n"
"is off.",
		.flags = SDNCTL_BULK,
	},
	{
		.object = "ns",
		.command = "replace",
		.handler = do_ns_replace,
		.usage = "dev BRIDGE vnid VNID [global on|off]",
		.help =
"Add a namespace, or replace the one with this VNID.\n"
"Without global, it is off.",
		.flags = SDNCTL_BULK,
	},
	{
		.object = "ns",
		.command = "change",
		.handler = do_ns_change,
		.usage = "dev BRIDGE vnid VNID [global on|off]",
		.help =
"Replace the namespace with this VNID; fails if there is none.\n"
"Without global, it is off.",
		.flags = SDNCTL_BULK,
	},
	{
		.object = "ns",
		.command = "del",
		.handler = do_ns_del,
		.usage = "dev BRIDGE vnid VNID",
		.help = "Delete the namespace with this VNID.",
		.flags = SDNCTL_BULK,
	},
	{
		.object = "ns",
		.command = "get",
		.handler = do_ns_get,
		.usage = "dev BRIDGE vnid VNID",
		.help = "Show the namespace with this VNID.",
	},
	{
		.object = "ns",
		.command = "show",
		.handler = do_ns_show,
		.usage = "[dev BRIDGE]",
		.help =
"List the namespaces, sorted by VNID.\n"
"Without dev, those of every bridge. The default command of \"ns\".",
		.flags = SDNCTL_DEFAULT,
	},
	{
		.object = "ns",
		.command = "flush",
		.handler = do_ns_flush,
		.usage = "dev BRIDGE",
		.help = "Delete every namespace of the bridge.",
	},
	{
		.object = "egress",
		.command = "add",
		.handler = do_egress_add,
		.usage = "dev BRIDGE vnid VNID [ip ADDRESS [node ADDRESS]]...",
		.help =
"Give a namespace (by VNID) egress IPs; fails if it has them already.\n"
"Its traffic that leaves the cluster goes out through them: each \"ip\"\n"
"is one, in order of preference, at most 16, and the \"node\" after it\n"
"is the node IP of the node that hosts it. An ip without a node is\n"
"hosted nowhere and not used; with no usable ip the traffic is dropped\n"
"(egress-no-ip). An ip this node hosts (node is the bridge's node-ip)\n"
"sends the traffic to tun0 with the entry's mark, for the host to SNAT;\n"
"others send it over VXLAN to their node.",
		.flags = SDNCTL_BULK,
	},
	{
		.object = "egress",
		.command = "replace",
		.handler = do_egress_replace,
		.usage = "dev BRIDGE vnid VNID [ip ADDRESS [node ADDRESS]]...",
		.help =
"Give a namespace egress IPs, or replace the ones it has.\n"
"The list given replaces the whole old list.",
		.flags = SDNCTL_BULK,
	},
	{
		.object = "egress",
		.command = "change",
		.handler = do_egress_change,
		.usage = "dev BRIDGE vnid VNID [ip ADDRESS [node ADDRESS]]...",
		.help =
"Replace the egress IPs of a namespace; fails if it has none.\n"
"The list given replaces the whole old list.",
		.flags = SDNCTL_BULK,
	},
	{
		.object = "egress",
		.command = "del",
		.handler = do_egress_del,
		.usage = "dev BRIDGE vnid VNID",
		.help = "Take the egress IPs of the namespace with this VNID away.",
		.flags = SDNCTL_BULK,
	},
	{
		.object = "egress",
		.command = "get",
		.handler = do_egress_get,
		.usage = "dev BRIDGE vnid VNID",
		.help =
"Show the egress IPs of the namespace with this VNID.\n"
"With their nodes (\"-\": hosted nowhere), the mark the host SNATs by,\n"
"and tx, the packets the entry routed.",
	},
	{
		.object = "egress",
		.command = "show",
		.handler = do_egress_show,
		.usage = "[dev BRIDGE]",
		.help =
"List the namespaces' egress IPs with their counters, sorted by VNID.\n"
"One line per egress IP. Without dev, those of every bridge. The\n"
"default command of \"egress\".",
		.flags = SDNCTL_DEFAULT,
	},
	{
		.object = "egress",
		.command = "flush",
		.handler = do_egress_flush,
		.usage = "dev BRIDGE",
		.help = "Take every namespace's egress IPs away.",
	},
	{
		.object = "firewall",
		.command = "add",
		.handler = do_fw_add,
		.usage = "dev BRIDGE vnid VNID [allow|deny PREFIX]...",
		.help =
"Give a namespace (by VNID) an egress firewall; fails if it has one.\n"
"The rules apply in the order given, at most 1000: the first whose\n"
"prefix holds the destination allows or denies the packet, and a packet\n"
"no rule matches is allowed. Only traffic leaving the cluster is\n"
"filtered, and DNS to the node IP always passes. \"fw\" is short for\n"
"\"firewall\".",
		.flags = SDNCTL_BULK,
	},
	{
		.object = "firewall",
		.command = "replace",
		.handler = do_fw_replace,
		.usage = "dev BRIDGE vnid VNID [allow|deny PREFIX]...",
		.help =
"Give a namespace an egress firewall, or replace the one it has.\n"
"The rules given replace all the old ones at once.",
		.flags = SDNCTL_BULK,
	},
	{
		.object = "firewall",
		.command = "change",
		.handler = do_fw_change,
		.usage = "dev BRIDGE vnid VNID [allow|deny PREFIX]...",
		.help =
"Replace the egress firewall of a namespace; fails if it has none.\n"
"The rules given replace all the old ones at once.",
		.flags = SDNCTL_BULK,
	},
	{
		.object = "firewall",
		.command = "del",
		.handler = do_fw_del,
		.usage = "dev BRIDGE vnid VNID",
		.help = "Delete the egress firewall of the namespace with this VNID.",
		.flags = SDNCTL_BULK,
	},
	{
		.object = "firewall",
		.command = "get",
		.handler = do_fw_get,
		.usage = "dev BRIDGE vnid VNID",
		.help =
"Show the egress firewall of the namespace with this VNID.\n"
"Its rules in order, and the packets it allowed and denied.",
	},
	{
		.object = "firewall",
		.command = "show",
		.handler = do_fw_show,
		.usage = "[dev BRIDGE]",
		.help =
"List the egress firewalls with their counters, sorted by VNID.\n"
"One line per rule. Without dev, those of every bridge. The default\n"
"command of \"firewall\".",
		.flags = SDNCTL_DEFAULT,
	},
	{
		.object = "firewall",
		.command = "flush",
		.handler = do_fw_flush,
		.usage = "dev BRIDGE",
		.help = "Delete every egress firewall of the bridge.",
	},
	{
		.object = "trace",
		.handler = do_trace,
		.usage = "dev BRIDGE in PORT src ADDRESS dst ADDRESS [proto icmp|tcp|udp|arp|N] [sport PORT] [dport PORT] [eth-src MAC] [eth-dst MAC] [tun-src ADDRESS] [vni VNID] [len BYTES]",
		.help =
"Show where a packet would go, without sending it.\n"
"The kernel builds the packet as if it arrived on PORT (a pod veth, tun0\n"
"or vxlan0) and runs it through the same pipeline code real packets\n"
"take; no counter, entry or conntrack state changes. Prints each stage\n"
"it passed (table number and name, what matched, the source and\n"
"destination VNIDs in reg0/reg1), then the verdict: the output port with\n"
"its tunnel remote, VNI and mark, or the drop reason and stage. proto\n"
"defaults to icmp; arp traces an ARP request for dst. A packet from\n"
"vxlan0 needs tun-src (the sending node's IP) and takes vni. len sets\n"
"the frame size, to test the MTU. Real packets show the same stages in\n"
"\"sdnctl watch\" and in the sdnbr:sdnbr_stage tracepoint.",
	},
	{
		.object = "watch",
		.handler = do_watch,
		.usage = "[dev BRIDGE] [pod ADDRESS] [drops yes|no] [count N]",
		.help =
"Print the path of real packets as they pass, one line per packet.\n"
"Each line: bridge, ingress port, source > destination, the stages the\n"
"packet passed, then where it went (port, tunnel remote and VNI, mark)\n"
"or the drop reason and stage. pod shows only packets from or to\n"
"ADDRESS; drops yes only dropped ones; count stops after N packets.\n"
"Uses the sdnbr:sdnbr_stage and sdnbr:sdnbr_verdict tracepoints in a\n"
"tracefs instance of its own, filtered in the kernel: no cost while\n"
"nobody watches. Needs root (tracefs). Runs until interrupted.",
	},
	{
		.object = "monitor",
		.handler = do_monitor,
		.usage = "[-t] [dev BRIDGE]",
		.help =
"Print every change to the bridges as it happens, one line each.\n"
"Each line is the sdnctl command that has the same effect, such as\n"
"\"pod add dev br0 ip 10.128.0.2 port veth1 mac 0a:58:0a:80:00:02 vnid 0\"\n"
"(deletions name the key only). With -t each line starts with the time;\n"
"with -j each change is one JSON object per line. Runs until\n"
"interrupted. Only changes to BRIDGE with dev.",
	},
	{
		.object = "version",
		.handler = do_version,
		.usage = "",
		.help =
"Show the versions of sdnctl and of the kernel's sdnbr family.\n"
"Prints sdnctl's own version, then the id, version and maxattr of the\n"
"\"sdnbr\" generic netlink family as the kernel's controller reports\n"
"them. Fails if the family is not registered (module not loaded).",
	},
};

static const char global_usage[] =
"Usage: sdnctl [OPTIONS] OBJECT [COMMAND] [ARGS]\n"
"       sdnctl [OPTIONS] -b FILE\n"
"       sdnctl help [OBJECT]\n"
"       sdnctl OBJECT help\n"
"       sdnctl OBJECT [COMMAND] --help\n";

static const char global_options[] =
"Options:\n"
"  -j, --json          print JSON\n"
"  -p, --pretty        indent JSON output (with -j)\n"
"  -t, --timestamp     start each monitor line with the time\n"
"  -b, --batch FILE    run the commands in FILE, one per line (- is stdin)\n"
"  -n, --netns NETNS   act in network namespace NETNS (/run/netns/NETNS)\n"
"  -V, --version       print sdnctl's version and exit\n"
"  -h, --help          print this help and exit\n";

static FILE *errf(const struct sdnctl *ctx)
{
	struct sdnctl_hold *h = ctx->hold;

	if (!h)
		return stderr;
	if (!h->f)
		h->f = open_memstream(&h->buf, &h->len);
	return h->f ? h->f : stderr;
}

void sdnctl_err(const struct sdnctl *ctx, const char *fmt, ...)
{
	FILE *f = errf(ctx);
	va_list ap;

	fflush(stdout);
	fprintf(f, "%s: ", ctx->where ? ctx->where : "sdnctl");
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fputc('\n', f);
}

static void print_cmd_name(FILE *f, const struct sdnctl_cmd *c)
{
	fprintf(f, "sdnctl %s", c->object);
	if (c->command)
		fprintf(f, " %s", c->command);
	if (c->usage && *c->usage)
		fprintf(f, " %s", c->usage);
}

const char *sdnctl_op(const struct sdnctl *ctx, char *buf, size_t len)
{
	const struct sdnctl_cmd *c = ctx->cmd;

	if (!c)
		snprintf(buf, len, "sdnctl");
	else if (c->command)
		snprintf(buf, len, "%s %s", c->object, c->command);
	else
		snprintf(buf, len, "%s", c->object);
	return buf;
}

static void vcmd_err(const struct sdnctl *ctx, const char *fmt, va_list ap)
{
	char msg[512], op[64];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	sdnctl_err(ctx, "%s: %s", sdnctl_op(ctx, op, sizeof(op)), msg);
}

int sdnctl_usage_err(const struct sdnctl *ctx, const char *fmt, ...)
{
	FILE *f = errf(ctx);
	va_list ap;

	va_start(ap, fmt);
	vcmd_err(ctx, fmt, ap);
	va_end(ap);
	fputs("Usage: ", f);
	print_cmd_name(f, ctx->cmd);
	fputc('\n', f);
	return 1;
}

int sdnctl_arg_err(const struct sdnctl *ctx, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vcmd_err(ctx, fmt, ap);
	va_end(ap);
	return 1;
}

int sdnctl_nl_err(const struct sdnctl *ctx, const char *op, int err)
{
	char buf[512];

	sdnbr_format_error(buf, sizeof(buf), ctx->where ? ctx->where : "sdnctl",
			   op, err, ctx->nl ? sdnbr_nl_extack(ctx->nl) : NULL);
	fflush(stdout);
	fprintf(errf(ctx), "%s\n", buf);
	return 1;
}

int sdnctl_kernel_err(const struct sdnctl *ctx, const char *where,
		      const char *op, int err, const struct sdnbr_extack *ext,
		      const char *kw, bool missing)
{
	struct sdnbr_extack e;
	char buf[600];
	size_t n;

	if (!where)
		where = ctx->where ? ctx->where : "sdnctl";
	memset(&e, 0, sizeof(e));
	if (ext)
		e = *ext;
	/* A keyword says more than an attribute number or offset. */
	if (kw)
		e.has &= ~(SDNBR_EXTACK_OFFS | SDNBR_EXTACK_ATTR |
			   SDNBR_EXTACK_MISS_TYPE | SDNBR_EXTACK_MISS_NEST);
	n = (size_t)sdnbr_format_error(buf, sizeof(buf), where, op, err, &e);
	if (kw && *kw)
		snprintf(buf + n, sizeof(buf) - n, " (%s%s)",
			 missing ? "missing " : "", kw);
	fflush(stdout);
	fprintf(errf(ctx), "%s\n", buf);
	return 1;
}

int sdnctl_req_err(const struct sdnctl *ctx, const char *where,
		   const char *op, int err, const struct sdnbr_extack *ext,
		   const struct nlmsghdr *req)
{
	char buf[SDNBR_MSG_ERR_NAMELEN];
	const char *kw = NULL;
	bool missing = false;

	if (ext && req)
		kw = sdnbr_msg_err_name(req, ext, &missing, buf);
	return sdnctl_kernel_err(ctx, where, op, err, ext, kw, missing);
}

int sdnctl_open(struct sdnctl *ctx, struct sdnbr_nl **nlp)
{
	char err[256];
	int ret;

	if (!ctx->nl) {
		ret = sdnbr_nl_open(&ctx->nl, SDNBR_GENL_NAME, err,
				    sizeof(err));
		if (ret) {
			/* The library's message stands on its own. */
			fflush(stdout);
			if (ctx->where)
				fprintf(errf(ctx), "%s: ", ctx->where);
			fprintf(errf(ctx), "%s\n", err);
			return ret;
		}
	}
	*nlp = ctx->nl;
	return 0;
}

struct sdnbr_json *sdnctl_json(const struct sdnctl *ctx)
{
	struct sdnbr_json *j = sdnbr_json_new(stdout, ctx->pretty);

	if (!j)
		sdnctl_err(ctx, "%s", strerror(ENOMEM));
	return j;
}

/* ---- help ------------------------------------------------------------- */

static void print_help_text(FILE *f, const char *help, bool summary_only)
{
	const char *p = help, *nl;

	while (*p) {
		nl = strchrnul(p, '\n');
		fprintf(f, "    %.*s\n", (int)(nl - p), p);
		if (summary_only || !*nl)
			break;
		p = nl + 1;
	}
}

static void print_cmd_help(FILE *f, const struct sdnctl_cmd *c)
{
	fputs("Usage: ", f);
	print_cmd_name(f, c);
	fputs("\n", f);
	print_help_text(f, c->help, false);
}

static void print_global_help(FILE *f)
{
	size_t i;

	fprintf(f, "%s\n%s\nCommands:\n", global_usage, global_options);
	for (i = 0; i < SDNBR_ARRAY_SIZE(commands); i++) {
		fputs("  ", f);
		print_cmd_name(f, &commands[i]);
		fputc('\n', f);
		print_help_text(f, commands[i].help, true);
	}
	fputs("\nRun \"sdnctl OBJECT help\" for the details of an object's commands.\n",
	      f);
}

/* Other names of objects, spelled out in full like the objects. */
static const struct {
	const char *alias;
	const char *object;
} aliases[] = {
	{ "fw", "firewall" },
};

static const char *object_name(const char *name)
{
	size_t i;

	for (i = 0; i < SDNBR_ARRAY_SIZE(aliases); i++) {
		if (!strcmp(aliases[i].alias, name))
			return aliases[i].object;
	}
	return name;
}

static bool object_exists(const char *object)
{
	size_t i;

	for (i = 0; i < SDNBR_ARRAY_SIZE(commands); i++) {
		if (!strcmp(commands[i].object, object))
			return true;
	}
	return false;
}

static void print_object_help(FILE *f, const char *object)
{
	bool first = true;
	size_t i;

	for (i = 0; i < SDNBR_ARRAY_SIZE(commands); i++) {
		if (strcmp(commands[i].object, object))
			continue;
		if (!first)
			fputc('\n', f);
		print_cmd_help(f, &commands[i]);
		first = false;
	}
}

/* ---- dispatch --------------------------------------------------------- */

static const struct sdnctl_cmd *find_cmd(const char *object,
					 const char *command)
{
	size_t i;

	for (i = 0; i < SDNBR_ARRAY_SIZE(commands); i++) {
		const struct sdnctl_cmd *c = &commands[i];

		if (strcmp(c->object, object))
			continue;
		if (command ? c->command && !strcmp(c->command, command) :
			      !c->command)
			return c;
	}
	return NULL;
}

static const struct sdnctl_cmd *find_default(const char *object)
{
	size_t i;

	for (i = 0; i < SDNBR_ARRAY_SIZE(commands); i++) {
		if (!strcmp(commands[i].object, object) &&
		    (commands[i].flags & SDNCTL_DEFAULT))
			return &commands[i];
	}
	return NULL;
}

static bool wants_help(int argc, char **argv)
{
	int i;

	if (argc && (!strcmp(argv[0], "-h") || !strcmp(argv[0], "help")))
		return true;
	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--help"))
			return true;
	}
	return false;
}

static int unknown_cmd(struct sdnctl *ctx, const char *what,
		       const char *object)
{
	if (object)
		sdnctl_err(ctx, "unknown command \"%s %s\"; try \"sdnctl %s help\"",
			   object, what, object);
	else
		sdnctl_err(ctx, "unknown command \"%s\"; try \"sdnctl help\"",
			   what);
	return 1;
}

/*
 * In a batch, entry changes wait in ctx->bulk to go out together (see
 * sdnctl_dispatch()). An entry change whose arguments are bad reports its
 * error only after the waiting entries went out: one of those may have
 * failed first, and then that is the error to report.
 */
static int run_handler(struct sdnctl *ctx, const struct sdnctl_cmd *c,
		       int argc, char **argv)
{
	struct sdnctl_hold hold = { NULL };
	int status;

	ctx->cmd = c;
	/* Names of interfaces may change between commands. */
	memset(ctx->ifcache, 0, sizeof(ctx->ifcache));
	if (!ctx->batch || !(c->flags & SDNCTL_BULK))
		return c->handler(ctx, argc, argv) ? 1 : 0;
	if (ctx->bulk && sdnbr_bulk_count(ctx->bulk))
		ctx->hold = &hold;
	status = c->handler(ctx, argc, argv) ? 1 : 0;
	ctx->hold = NULL;
	if (hold.f) {
		fclose(hold.f);
		if (status && !sdnctl_bulk_flush(ctx) && hold.buf)
			fputs(hold.buf, stderr);
		free(hold.buf);
	} else if (status) {
		/* nothing printed yet: the held entries still go first */
		sdnctl_bulk_flush(ctx);
	}
	if (!status)
		ctx->queued = true;
	return status;
}

/* The entry change a batch line makes, if it makes one. */
static const struct sdnctl_cmd *bulk_cmd_of(int argc, char **argv)
{
	const struct sdnctl_cmd *c;

	if (argc < 2 || wants_help(argc - 1, argv + 1))
		return NULL;
	c = find_cmd(object_name(argv[0]), argv[1]);
	return c && (c->flags & SDNCTL_BULK) ? c : NULL;
}

static int dispatch(struct sdnctl *ctx, int argc, char **argv)
{
	const struct sdnctl_cmd *c;
	const char *object;

	if (argc < 1) {
		fflush(stdout);
		fputs(global_usage, stderr);
		fputs("Try \"sdnctl help\" for more.\n", stderr);
		return 1;
	}
	object = object_name(argv[0]);

	if (!strcmp(object, "help") || !strcmp(object, "--help") ||
	    !strcmp(object, "-h")) {
		if (argc < 2) {
			print_global_help(stdout);
			return 0;
		}
		if (!object_exists(object_name(argv[1])))
			return unknown_cmd(ctx, argv[1], NULL);
		print_object_help(stdout, object_name(argv[1]));
		return 0;
	}
	if (!object_exists(object))
		return unknown_cmd(ctx, object, NULL);

	c = find_cmd(object, NULL);
	if (c) {
		argc--;
		argv++;
	} else if (argc < 2) {
		c = find_default(object);
		if (!c) {
			sdnctl_err(ctx, "%s: missing command; try \"sdnctl %s help\"",
				   object, object);
			return 1;
		}
		argc--;
		argv++;
	} else {
		if (wants_help(1, argv + 1)) {
			print_object_help(stdout, object);
			return 0;
		}
		c = find_cmd(object, argv[1]);
		if (!c)
			return unknown_cmd(ctx, argv[1], object);
		argc -= 2;
		argv += 2;
	}

	if (wants_help(argc, argv)) {
		print_cmd_help(stdout, c);
		return 0;
	}
	return run_handler(ctx, c, argc, argv);
}

/*
 * Runs one command line (without global options); returns exit status.
 * In a batch, any line but an entry change first sends the entry changes
 * waiting before it, so that lines take effect in order; ctx->queued says
 * whether this line's change is still waiting.
 */
int sdnctl_dispatch(struct sdnctl *ctx, int argc, char **argv)
{
	if (ctx->batch) {
		ctx->queued = false;
		if (!bulk_cmd_of(argc, argv) && sdnctl_bulk_flush(ctx))
			return 1;
	}
	return dispatch(ctx, argc, argv);
}

/* ---- main ------------------------------------------------------------- */

/*
 * Only the network namespace is switched: netlink sockets belong to the
 * namespace they are created in, and sdnctl touches nothing in /sys.
 */
static int enter_netns(const struct sdnctl *ctx, const char *name)
{
	char path[PATH_MAX];
	int fd;

	if (!*name || strchr(name, '/') || !strcmp(name, ".") ||
	    !strcmp(name, "..")) {
		sdnctl_err(ctx, "invalid network namespace name \"%s\"", name);
		return -EINVAL;
	}
	snprintf(path, sizeof(path), "/run/netns/%s", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		int e = errno;

		if (e == ENOENT)
			sdnctl_err(ctx, "network namespace \"%s\" not found (no %s)",
				   name, path);
		else
			sdnctl_err(ctx, "cannot open network namespace \"%s\": %s: %s",
				   name, path, strerror(e));
		return -e;
	}
	if (setns(fd, CLONE_NEWNET) < 0) {
		int e = errno;

		sdnctl_err(ctx, "cannot enter network namespace \"%s\": %s",
			   name, strerror(e));
		close(fd);
		return -e;
	}
	close(fd);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "pretty", no_argument, NULL, 'p' },
		{ "timestamp", no_argument, NULL, 't' },
		{ "batch", required_argument, NULL, 'b' },
		{ "netns", required_argument, NULL, 'n' },
		{ "version", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct sdnctl ctx = { .ifsock = -1 };
	const char *batch = NULL;
	int opt, status;

	opterr = 0;
	/* '+': options end at OBJECT, so commands can have their own. */
	while ((opt = getopt_long(argc, argv, "+jptb:n:Vh", longopts,
				  NULL)) != -1) {
		switch (opt) {
		case 'j':
			ctx.json = true;
			break;
		case 'p':
			ctx.pretty = true;
			break;
		case 't':
			ctx.timestamp = true;
			break;
		case 'b':
			batch = optarg;
			break;
		case 'n':
			ctx.netns = optarg;
			break;
		case 'V':
			printf("sdnctl %s\n", SDNCTL_VERSION);
			return 0;
		case 'h':
			print_global_help(stdout);
			return 0;
		default:
			if (optopt && strchr("bn", optopt))
				sdnctl_err(&ctx, "option \"-%c\" requires an argument",
					   optopt);
			else if (optopt)
				sdnctl_err(&ctx, "unknown option \"-%c\"; try \"sdnctl help\"",
					   optopt);
			else
				sdnctl_err(&ctx, "unknown option \"%s\"; try \"sdnctl help\"",
					   argv[optind - 1]);
			return 1;
		}
	}

	if (batch && optind < argc) {
		sdnctl_err(&ctx, "-b takes no command; the commands come from \"%s\"",
			   batch);
		return 1;
	}
	if (ctx.netns && enter_netns(&ctx, ctx.netns))
		return 1;

	if (batch)
		status = sdnctl_run_batch(&ctx, batch);
	else
		status = sdnctl_dispatch(&ctx, argc - optind, argv + optind);

	sdnctl_bulk_free(&ctx);
	sdnbr_nl_close(ctx.nl);
	if (ctx.ifsock >= 0)
		close(ctx.ifsock);
	if (fflush(stdout) || ferror(stdout)) {
		/* A full disk or closed pipe must not look like success. */
		if (!status)
			sdnctl_err(&ctx, "writing output: %s", strerror(errno));
		status = 1;
	}
	return status;
}
