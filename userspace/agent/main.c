// SPDX-License-Identifier: GPL-2.0
/*
 * sdn-agent: makes this node match a cluster description.
 *
 *   sdn-agent --config FILE --node NAME [--uplink IFNAME] [--once]
 *
 * One reconcile pass: parse and validate the whole file (a bad one is
 * refused before anything is touched), then the links, tun0's address and
 * routes, ip_forward, the pods' ports, the host's nftables table and
 * egress IP addresses, and the flow table by a minimal diff against what
 * the kernel holds. Each change is one line on stderr; the pass ends with
 * "reconciled: A added, R replaced, D deleted".
 *
 * Without --once the agent stays, and reconciles again whenever the file
 * changes (inotify on its directory, so editors that rename a new file
 * into place and ConfigMap symlink swaps are seen), on SIGHUP, and every
 * --resync seconds.
 */
#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/inotify.h>
#include <sys/signalfd.h>

#include "agent_io.h"
#include "sdnbr_parse.h"
#include "sdnbr_util.h"

#define AGENT_VERSION	"0.1.0"
#define DEBOUNCE_MS	200

struct agent {
	const char *config;
	const char *node;
	const char *uplink;
	bool once;
	bool check;
	unsigned int resync;		/* seconds; 0: never */
	struct agent_host *host;
	struct agent_kernel kernel;
	bool kernel_open;
	uint64_t last_hash;		/* of the file last reconciled */
	bool last_ok;
};

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* ---- one pass ------------------------------------------------------------------------- */

static int load(struct agent *ag, struct agent_cluster *c, long *node)
{
	char err[AGENT_ERR_MAX];
	size_t i;

	if (agent_cluster_load(c, ag->config, err, sizeof(err))) {
		agent_error(NULL, "%s", err);
		agent_log("refused: %s: nothing changed", ag->config);
		return 1;
	}
	for (i = 0; i < c->n_warnings; i++)
		agent_error(NULL, "warning: %s", c->warnings[i]);
	*node = -1;
	if (!ag->node)
		return 0;
	*node = agent_cluster_node(c, ag->node);
	if (*node < 0) {
		agent_error(NULL, "%s: nodes: no node named \"%s\" (--node)",
			    ag->config, ag->node);
		agent_log("refused: %s: nothing changed", ag->config);
		agent_cluster_free(c);
		return 1;
	}
	return 0;
}

static int check(struct agent *ag)
{
	struct agent_cluster c;
	struct agent_state s;
	long node;

	if (load(ag, &c, &node))
		return 1;
	printf("%s: valid: %zu nodes, %zu namespaces, %zu pods, %zu services\n",
	       ag->config, c.n_nodes, c.n_ns, c.n_pods, c.n_services);
	if (node >= 0) {
		if (agent_desired_state(&c, (size_t)node, &s)) {
			agent_error(NULL, "out of memory");
			agent_cluster_free(&c);
			return 1;
		}
		printf("%s: %zu pods, %zu nodes, %zu namespaces, %zu egress, %zu firewall entries; %zu egress IPs hosted\n",
		       ag->node, s.n_pods, s.n_nodes, s.n_ns, s.n_egress,
		       s.n_fw, s.n_eips);
		agent_state_free(&s);
	}
	agent_cluster_free(&c);
	return 0;
}

/*
 * The egress IPs hosted here: their addresses go on the uplink before the
 * flow table sends marked traffic (@add), and come off after it stopped.
 */
static void eips(struct agent *ag, const struct agent_cluster *c, long node,
		 const struct agent_state *want, bool add,
		 struct agent_counts *n)
{
	char uplink[IFNAMSIZ];

	if (agent_host_uplink(ag->host, ag->uplink, c->nodes[node].ip,
			      uplink)) {
		if (want->n_eips && add && ag->uplink)
			agent_error(n, "egress IPs: no uplink %s", ag->uplink);
		else if (want->n_eips && add)
			agent_error(n, "egress IPs: no interface holds %s's IP (give --uplink)",
				    c->nodes[node].name);
		return;
	}
	agent_host_eips(ag->host, uplink, want, add, n);
}

static int reconcile(struct agent *ag, bool quiet)
{
	struct agent_state want, have = { 0 };
	struct agent_counts n = { 0 };
	struct agent_cluster c;
	struct agent_diff d = { 0 };
	char err[AGENT_ERR_MAX], comment[64], *rules;
	double t0 = now_ms();
	long node;
	int ret;

	if (load(ag, &c, &node))
		return 1;
	if (agent_desired_state(&c, (size_t)node, &want)) {
		agent_error(NULL, "out of memory");
		agent_cluster_free(&c);
		return 1;
	}
	if (!ag->host && agent_host_open(&ag->host, err, sizeof(err))) {
		agent_error(&n, "%s", err);
		goto out;
	}

	agent_host_links(ag->host, &c, &n);
	agent_host_routes(ag->host, &c, &want.cfg, &n);

	if (!ag->kernel_open) {
		ret = agent_kernel_open(&ag->kernel, AGENT_DEFAULT_BRIDGE, err,
					sizeof(err));
		if (ret) {
			agent_error(&n, "%s", err);
			goto out;
		}
		ag->kernel_open = true;
	}
	ret = agent_kernel_read(&ag->kernel, &have, err, sizeof(err));
	if (ret) {
		agent_error(&n, "%s", err);
		goto out;
	}

	agent_host_attach(ag->host, &want, &n);
	eips(ag, &c, node, &want, true, &n);
	rules = agent_nft_ruleset(&c, &want, comment, sizeof(comment));
	if (rules)
		agent_nft_sync(rules, comment, &n);
	else
		agent_error(&n, "out of memory");
	free(rules);

	if (agent_diff(&want, &have, &d)) {
		agent_error(&n, "out of memory");
		goto out;
	}
	agent_kernel_apply(&ag->kernel, &d, &n);
	agent_host_detach(ag->host, &want, &n);
	eips(ag, &c, node, &want, false, &n);

out:
	if (!quiet || n.added || n.replaced || n.deleted || n.errors) {
		if (n.errors)
			agent_log("reconciled: %lu added, %lu replaced, %lu deleted, %lu failed (%.1f ms)",
				  n.added, n.replaced, n.deleted, n.errors,
				  now_ms() - t0);
		else
			agent_log("reconciled: %lu added, %lu replaced, %lu deleted (%.1f ms)",
				  n.added, n.replaced, n.deleted, now_ms() - t0);
	}
	agent_diff_free(&d);
	agent_state_free(&have);
	agent_state_free(&want);
	agent_cluster_free(&c);
	return n.errors ? 1 : 0;
}

/* ---- watching the file ------------------------------------------------------------------ */

static uint64_t file_hash(const char *path)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	FILE *f = fopen(path, "r");
	int ch;

	if (!f)
		return 0;
	while ((ch = getc(f)) != EOF) {
		h ^= (unsigned char)ch;
		h *= 0x100000001b3ULL;
	}
	fclose(f);
	return h;
}

static int pass(struct agent *ag, bool quiet)
{
	uint64_t h = file_hash(ag->config);
	int ret = reconcile(ag, quiet);

	ag->last_hash = h;
	ag->last_ok = !ret;
	return ret;
}

static int watch(struct agent *ag)
{
	char dirbuf[PATH_MAX], evbuf[4096]
		__attribute__((aligned(__alignof__(struct inotify_event))));
	struct pollfd pfd[2];
	sigset_t mask;
	double next_resync;
	int in, sfd, ret;

	sigemptyset(&mask);
	sigaddset(&mask, SIGHUP);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGTERM);
	sigprocmask(SIG_BLOCK, &mask, NULL);
	sfd = signalfd(-1, &mask, SFD_CLOEXEC);
	in = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
	if (sfd < 0 || in < 0) {
		agent_error(NULL, "inotify: %s", strerror(errno));
		return 1;
	}
	snprintf(dirbuf, sizeof(dirbuf), "%s", ag->config);
	if (inotify_add_watch(in, dirname(dirbuf),
			      IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE |
			      IN_DELETE | IN_ATTRIB) < 0) {
		agent_error(NULL, "watching %s: %s", dirbuf, strerror(errno));
		return 1;
	}
	agent_log("watching %s", ag->config);
	next_resync = now_ms() + ag->resync * 1e3;

	for (;;) {
		int timeout = -1;
		bool changed = false;

		if (ag->resync) {
			double left = next_resync - now_ms();

			timeout = left > 0 ? (int)left + 1 : 0;
		}
		pfd[0] = (struct pollfd){ .fd = in, .events = POLLIN };
		pfd[1] = (struct pollfd){ .fd = sfd, .events = POLLIN };
		ret = poll(pfd, 2, timeout);
		if (ret < 0 && errno != EINTR) {
			agent_error(NULL, "poll: %s", strerror(errno));
			return 1;
		}
		if (pfd[1].revents & POLLIN) {
			struct signalfd_siginfo si;

			if (read(sfd, &si, sizeof(si)) == sizeof(si)) {
				if (si.ssi_signo != SIGHUP) {
					agent_log("exiting on signal %u",
						  si.ssi_signo);
					return 0;
				}
				agent_log("SIGHUP: reconciling");
				pass(ag, false);
			}
		}
		if (pfd[0].revents & POLLIN) {
			/* let a burst of writes settle, then read it all */
			do {
				while (read(in, evbuf, sizeof(evbuf)) > 0)
					;
			} while (poll(pfd, 1, DEBOUNCE_MS) > 0);
			changed = file_hash(ag->config) != ag->last_hash;
			if (changed) {
				agent_log("%s changed: reconciling", ag->config);
				pass(ag, false);
			}
		}
		if (ag->resync && now_ms() >= next_resync) {
			pass(ag, true);
			next_resync = now_ms() + ag->resync * 1e3;
		}
	}
}

/* ---- the command line -------------------------------------------------------------------- */

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: sdn-agent --config FILE --node NAME [--uplink IFNAME] [--once]\n"
		"       sdn-agent --config FILE [--node NAME] --check\n"
		"\n"
		"Makes this node's sdnbr datapath (br0, tun0, vxlan0, the flow table),\n"
		"routes and host rules match the cluster description FILE.\n"
		"\n"
		"  -c, --config FILE     the cluster description (JSON)\n"
		"  -n, --node NAME       this node, as named in FILE's nodes\n"
		"  -u, --uplink IFNAME   where egress IPs go (default: the interface\n"
		"                        holding the node IP)\n"
		"  -1, --once            reconcile once and exit: 0 when the node matches\n"
		"  -r, --resync SECONDS  without --once, also reconcile this often\n"
		"                        (default 60; 0: only on changes and SIGHUP)\n"
		"  -k, --check           validate FILE and exit; touch nothing\n"
		"  -V, --version\n"
		"  -h, --help\n"
		"\n"
		"See sdn-agent(8) and Documentation/agent.rst.\n");
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "node", required_argument, NULL, 'n' },
		{ "uplink", required_argument, NULL, 'u' },
		{ "once", no_argument, NULL, '1' },
		{ "resync", required_argument, NULL, 'r' },
		{ "check", no_argument, NULL, 'k' },
		{ "version", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct agent ag = { .resync = 60 };
	char err[128];
	uint32_t v;
	int o, ret;

	while ((o = getopt_long(argc, argv, "c:n:u:1r:kVh", opts, NULL)) != -1) {
		switch (o) {
		case 'c':
			ag.config = optarg;
			break;
		case 'n':
			ag.node = optarg;
			break;
		case 'u':
			if (strlen(optarg) >= IFNAMSIZ || !*optarg) {
				fprintf(stderr, "sdn-agent: --uplink: \"%s\" is not an interface name\n",
					optarg);
				return 2;
			}
			ag.uplink = optarg;
			break;
		case '1':
			ag.once = true;
			break;
		case 'r':
			if (sdnbr_parse_u32(optarg, "--resync", 0, 86400, &v,
					    err, sizeof(err))) {
				fprintf(stderr, "sdn-agent: %s\n", err);
				return 2;
			}
			ag.resync = v;
			break;
		case 'k':
			ag.check = true;
			break;
		case 'V':
			printf("sdn-agent %s\n", AGENT_VERSION);
			return 0;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "sdn-agent: unexpected argument \"%s\"\n",
			argv[optind]);
		usage(stderr);
		return 2;
	}
	if (!ag.config || (!ag.node && !ag.check)) {
		fprintf(stderr, "sdn-agent: %s is required\n",
			!ag.config ? "--config" : "--node");
		usage(stderr);
		return 2;
	}
	if (ag.check)
		return check(&ag);

	ret = pass(&ag, false);
	if (!ag.once)
		ret = watch(&ag);
	if (ag.kernel_open)
		agent_kernel_close(&ag.kernel);
	agent_host_close(ag.host);
	return ret;
}
