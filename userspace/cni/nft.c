// SPDX-License-Identifier: GPL-2.0
/*
 * The pod's "openshift-block-output" table (spec section 1.4), as OpenShift
 * SDN's plugin installs it: a pod must not fetch a node's ignition config
 * from the machine-config server (TCP 22623 and 22624 on every node) nor
 * the node's cloud credentials from the metadata service, whose DNS server
 * it may still use.
 *
 *	table inet openshift-block-output {
 *		chain output {
 *			type filter hook output priority filter; policy accept;
 *			tcp dport { 22623, 22624 } SYN only: reset
 *			METADATA_IP TCP or UDP port 53: accept
 *			METADATA_IP TCP: reset; anything else: port unreachable
 *		}
 *	}
 *
 * The output hook sees only what the pod's own sockets send, which is all
 * a pod can send; rejecting instead of dropping makes a blocked connection
 * fail at once instead of after the client's timeout.
 *
 * nft does the work, run in a child that enters the pod's network
 * namespace, so that the plugin itself never leaves the node's. nft is
 * on every node that has nftables, and the table it writes is the table
 * `nft list` shows.
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>

#include "cni.h"
#include "sdnbr_util.h"

#define NFT_RULESET_MAX	1024
#define NFT_OUT_MAX	65536

/* SDNBR_CNI_NFT, when set, names the nft to run (the tests' hook) */
static const char *nft_name(void)
{
	const char *s = getenv("SDNBR_CNI_NFT");

	return s && *s ? s : "nft";
}

static void __attribute__((noreturn))
nft_child(int podns, const char *const *args, int in, int out)
{
	const char *name = nft_name();
	char *argv[8];
	size_t i;
	int err;

	if (dup2(in, STDIN_FILENO) < 0 || dup2(out, STDOUT_FILENO) < 0 ||
	    dup2(out, STDERR_FILENO) < 0)
		_exit(126);
	if (setns(podns, CLONE_NEWNET)) {
		dprintf(STDERR_FILENO,
			"entering the pod's network namespace: %s\n",
			strerror(errno));
		_exit(126);
	}
	argv[0] = (char *)name;
	for (i = 0; args[i] && i + 2 < SDNBR_ARRAY_SIZE(argv); i++)
		argv[i + 1] = (char *)args[i];
	argv[i + 1] = NULL;
	execvp(name, argv);
	err = errno;
	/* runtimes do not always give plugins a PATH with the sbin dirs */
	if (err == ENOENT && !getenv("SDNBR_CNI_NFT")) {
		execv("/usr/sbin/nft", argv);
		execv("/sbin/nft", argv);
	}
	dprintf(STDERR_FILENO, "cannot run %s: %s\n", name, strerror(err));
	_exit(127);
}

static void write_all(int fd, const char *s, size_t len)
{
	ssize_t n;

	while (len) {
		n = write(fd, s, len);
		if (n < 0 && errno == EINTR)
			continue;
		/* nft gone early: its exit status and output tell why */
		if (n <= 0)
			return;
		s += n;
		len -= (size_t)n;
	}
}

/*
 * Runs nft @args in the network namespace @podns with @input (NULL: none)
 * on its stdin. Its stdout and stderr go to @out (@len bytes, NUL
 * terminated, the rest discarded). Returns nft's exit status: 0 is
 * success, 126 and 127 mean it was not run, -1 that it could not be
 * started or did not exit (@out says which).
 */
static int nft_run(int podns, const char *const *args, const char *input,
		   char *out, size_t len)
{
	struct sigaction ign = { .sa_handler = SIG_IGN }, old;
	int in[2] = { -1, -1 }, pout[2] = { -1, -1 };
	size_t n = 0;
	char sink[512];
	int status, ret = -1;
	ssize_t r;
	pid_t pid;

	out[0] = '\0';
	if (pipe2(in, O_CLOEXEC) || pipe2(pout, O_CLOEXEC)) {
		snprintf(out, len, "pipe: %s", strerror(errno));
		goto out;
	}
	pid = fork();
	if (pid < 0) {
		snprintf(out, len, "fork: %s", strerror(errno));
		goto out;
	}
	if (!pid)
		nft_child(podns, args, in[0], pout[1]);
	close(in[0]);
	close(pout[1]);
	in[0] = pout[1] = -1;

	/* an nft that exits without reading must not kill the plugin */
	sigaction(SIGPIPE, &ign, &old);
	if (input)
		write_all(in[1], input, strlen(input));
	close(in[1]);
	in[1] = -1;
	sigaction(SIGPIPE, &old, NULL);

	for (;;) {
		if (n + 1 < len)
			r = read(pout[0], out + n, len - n - 1);
		else
			r = read(pout[0], sink, sizeof(sink));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		if (n + 1 < len)
			n += (size_t)r;
	}
	out[n] = '\0';
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			snprintf(out, len, "waiting for nft: %s",
				 strerror(errno));
			goto out;
		}
	}
	if (WIFEXITED(status))
		ret = WEXITSTATUS(status);
	else
		snprintf(out, len, "nft was killed by signal %d",
			 WTERMSIG(status));
out:
	if (in[0] >= 0)
		close(in[0]);
	if (in[1] >= 0)
		close(in[1]);
	if (pout[0] >= 0)
		close(pout[0]);
	if (pout[1] >= 0)
		close(pout[1]);
	return ret;
}

/* nft's first line, which holds its error; "" when it said nothing */
static const char *first_line(char *out)
{
	char *nl = strchr(out, '\n');

	if (nl)
		*nl = '\0';
	return out;
}

static int nft_fail(struct cni_error *e, int code, const char *what,
		    int status, char *out)
{
	const char *why = first_line(out);

	if (status == 126 || status == 127)
		return cni_fail(e, code,
				"table inet %s in the pod: %s%s (without nftables, set \"blockOutput\": false)",
				CNI_BLOCK_TABLE, why,
				*why ? "" : "nft could not be run");
	if (status < 0)
		return cni_fail(e, code, "table inet %s in the pod: %s",
				CNI_BLOCK_TABLE, why);
	return cni_fail(e, code,
			"table inet %s in the pod: %s failed (exit status %d)%s%s",
			CNI_BLOCK_TABLE, what, status, *why ? ": " : "", why);
}

int cni_block_install(int podns, const struct cni_conf *c,
		      struct cni_error *e)
{
	static const char *const args[] = { "-f", "-", NULL };
	char rules[NFT_RULESET_MAX], m[INET_ADDRSTRLEN], *out;
	int status;

	sdnbr_fmt_ipv4(c->metadata_ip, m);
	/*
	 * One transaction, so the pod never sees the table half-written:
	 * created if missing (so that the flush cannot fail), emptied (so
	 * that a repeated ADD leaves one copy of each rule), refilled.
	 */
	snprintf(rules, sizeof(rules),
		 "table inet %1$s\n"
		 "flush table inet %1$s\n"
		 "table inet %1$s {\n"
		 "\tchain output {\n"
		 "\t\ttype filter hook output priority filter; policy accept;\n"
		 "\t\ttcp dport { 22623, 22624 } tcp flags & (fin | syn | rst | ack) == syn counter reject with tcp reset\n"
		 "\t\tip daddr %2$s meta l4proto { tcp, udp } th dport 53 counter accept\n"
		 "\t\tip daddr %2$s meta l4proto tcp counter reject with tcp reset\n"
		 "\t\tip daddr %2$s counter reject\n"
		 "\t}\n"
		 "}\n", CNI_BLOCK_TABLE, m);
	out = malloc(NFT_OUT_MAX);
	if (!out)
		return cni_fail(e, CNI_ERR_IO, "%s", strerror(ENOMEM));
	status = nft_run(podns, args, rules, out, NFT_OUT_MAX);
	if (status)
		nft_fail(e, CNI_ERR_DATAPATH, "nft -f", status, out);
	free(out);
	return status ? -1 : 0;
}

void cni_block_remove(int podns)
{
	static const char *const args[] = {
		"delete", "table", "inet", CNI_BLOCK_TABLE, NULL,
	};
	char out[512];

	nft_run(podns, args, NULL, out, sizeof(out));
}

int cni_block_check(int podns, const struct cni_conf *c, struct cni_error *e)
{
	static const char *const args[] = {
		"list", "table", "inet", CNI_BLOCK_TABLE, NULL,
	};
	char m[INET_ADDRSTRLEN], want[64], *out;
	int status, ret = -1;

	out = malloc(NFT_OUT_MAX);
	if (!out)
		return cni_fail(e, CNI_ERR_IO, "%s", strerror(ENOMEM));
	status = nft_run(podns, args, NULL, out, NFT_OUT_MAX);
	if (status < 0 || status == 126 || status == 127) {
		nft_fail(e, CNI_ERR_DATAPATH, "nft list", status, out);
		goto out;
	}
	if (status) {
		cni_fail(e, CNI_ERR_CHECK,
			 "the pod has no table inet %s (nft list: %s)",
			 CNI_BLOCK_TABLE, first_line(out));
		goto out;
	}
	/* what ADD wrote, for this configuration's metadata IP */
	snprintf(want, sizeof(want), "ip daddr %s ",
		 sdnbr_fmt_ipv4(c->metadata_ip, m));
	if (!strstr(out, "hook output") || !strstr(out, "22623") ||
	    !strstr(out, want)) {
		cni_fail(e, CNI_ERR_CHECK,
			 "table inet %s in the pod lacks the rules for the machine-config server or for metadata IP %s",
			 CNI_BLOCK_TABLE, m);
		goto out;
	}
	ret = 0;
out:
	free(out);
	return ret;
}
