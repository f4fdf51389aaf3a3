/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sdnctl internals shared by the per-object command files.
 *
 * A command is a row in the table in sdnctl.c plus a handler here. The
 * handler gets the arguments after OBJECT [COMMAND], reports its own
 * errors through sdnctl_err() and friends (which add "sdnctl:" or, in
 * batch mode, "FILE:LINE:") and returns 0 or 1, the exit status.
 */
#ifndef SDNCTL_H
#define SDNCTL_H

#include <stdbool.h>
#include <stdio.h>
#include <net/if.h>

#include "sdnbr_bulk.h"
#include "sdnbr_json.h"
#include "sdnbr_msg.h"
#include "sdnbr_nl.h"

#define SDNCTL_VERSION	"0.1.0"

struct sdnctl_cmd;

/* Error messages held back, opened on the first one. */
struct sdnctl_hold {
	FILE *f;
	char *buf;
	size_t len;
};

/* Interface names looked up during one command. */
#define SDNCTL_IFCACHE	64

struct sdnctl_ifcache {
	uint32_t ifindex;	/* 0: empty */
	bool found;
	char name[IFNAMSIZ];
};

struct sdnctl {
	bool json;
	bool pretty;
	bool timestamp;		/* -t: monitor prints when */
	const char *netns;
	const char *where;	/* "FILE:LINE" while running a batch line */
	struct sdnbr_nl *nl;	/* opened on first use, kept for a batch */
	const struct sdnctl_cmd *cmd;	/* the one running */
	struct sdnctl_hold *hold;	/* if set, errors go there */
	int ifsock;		/* for interface name lookups; -1: none yet */
	struct sdnctl_ifcache ifcache[SDNCTL_IFCACHE];

	/* batch mode */
	bool batch;
	const char *batch_name;
	unsigned long lineno;	/* the line being run */
	unsigned long applied;	/* commands that took effect so far */
	unsigned long failed_line;	/* where the batch stopped */
	bool queued;		/* the line's entry change is waiting */

	/* entry changes waiting to go out as one message (batch mode) */
	struct sdnbr_bulk *bulk;
	char bulk_op[32];	/* "pod add": the command they came from */
};

typedef int (*sdnctl_handler)(struct sdnctl *ctx, int argc, char **argv);

/* sdnctl_cmd.flags */
#define SDNCTL_DEFAULT	0x1	/* run when OBJECT is given alone */
#define SDNCTL_BULK	0x2	/* coalesced with its neighbours in a batch */

struct sdnctl_cmd {
	const char *object;
	const char *command;	/* NULL: the object takes no command word */
	sdnctl_handler handler;
	const char *usage;	/* the arguments, for "Usage:" lines */
	const char *help;	/* first line: summary; more lines: details */
	unsigned int flags;
};

/* ---- sdnctl.c: errors, the handle, dispatch ------------------------------ */

__attribute__((format(printf, 2, 3)))
void sdnctl_err(const struct sdnctl *ctx, const char *fmt, ...);
__attribute__((format(printf, 2, 3)))
int sdnctl_usage_err(const struct sdnctl *ctx, const char *fmt, ...);
/* "OBJECT COMMAND: message", without the usage line; returns 1. */
__attribute__((format(printf, 2, 3)))
int sdnctl_arg_err(const struct sdnctl *ctx, const char *fmt, ...);
int sdnctl_nl_err(const struct sdnctl *ctx, const char *op, int err);
/*
 * A kernel error about request @req: the errno text, the kernel's message
 * and the keyword of the attribute it points at. @where may be NULL.
 */
int sdnctl_req_err(const struct sdnctl *ctx, const char *where,
		   const char *op, int err, const struct sdnbr_extack *ext,
		   const struct nlmsghdr *req);
/*
 * The same with the keyword already known: NULL if none, "" if the error
 * is about the whole entry (then no attribute is named at all). The
 * keyword may name a list element, as in "rule 3" or "ip 192.0.2.100".
 */
int sdnctl_kernel_err(const struct sdnctl *ctx, const char *where,
		      const char *op, int err, const struct sdnbr_extack *ext,
		      const char *kw, bool missing);
int sdnctl_open(struct sdnctl *ctx, struct sdnbr_nl **nlp);
struct sdnbr_json *sdnctl_json(const struct sdnctl *ctx);
/* "pod add", or "show" for an object without commands. */
const char *sdnctl_op(const struct sdnctl *ctx, char *buf, size_t len);
int sdnctl_dispatch(struct sdnctl *ctx, int argc, char **argv);

/* ---- args.c: keywords and their values ------------------------------- */

typedef int (*sdnctl_parse_fn)(struct sdnctl *ctx, const char *s, void *dst,
			       char *err, size_t errlen);

/* One keyword a command takes, and where its value goes. */
struct sdnctl_kw {
	const char *name;
	const char *meta;	/* "ADDRESS": what the value is */
	sdnctl_parse_fn parse;
	void *dst;
	bool required;
	unsigned int max;	/* 0 or 1: once; more: an array of @size */
	size_t size;
	unsigned int n;		/* out: how many times it was given */
};

#define SDNCTL_KW(kw, m, fn, d) \
	{ .name = (kw), .meta = (m), .parse = (fn), .dst = (d) }
#define SDNCTL_KW_REQ(kw, m, fn, d) \
	{ .name = (kw), .meta = (m), .parse = (fn), .dst = (d), .required = true }

int sdnctl_parse_kws(struct sdnctl *ctx, int argc, char **argv,
		     struct sdnctl_kw *kws, size_t n_kws);

/*
 * Keywords whose order matters, such as a firewall's "allow PREFIX" and
 * "deny PREFIX" or an egress IP's "ip ADDRESS" and the "node ADDRESS"
 * after it: @fn gets each of their pairs, in order, and reports its own
 * errors (returning 1). The other pairs go to sdnctl_parse_kws(@kws).
 */
struct sdnctl_list_kw {
	const char *name;
	const char *meta;
};

typedef int (*sdnctl_list_fn)(struct sdnctl *ctx, const char *kw,
			      const char *value, void *arg);

int sdnctl_parse_list_kws(struct sdnctl *ctx, int argc, char **argv,
			  const struct sdnctl_list_kw *list, size_t n_list,
			  sdnctl_list_fn fn, void *arg,
			  struct sdnctl_kw *kws, size_t n_kws);

int sdnctl_p_ipv4(struct sdnctl *ctx, const char *s, void *dst, char *err,
		  size_t errlen);
int sdnctl_p_prefix(struct sdnctl *ctx, const char *s, void *dst, char *err,
		    size_t errlen);
int sdnctl_p_mac(struct sdnctl *ctx, const char *s, void *dst, char *err,
		 size_t errlen);
int sdnctl_p_vnid(struct sdnctl *ctx, const char *s, void *dst, char *err,
		  size_t errlen);
int sdnctl_p_u32(struct sdnctl *ctx, const char *s, void *dst, char *err,
		 size_t errlen);
int sdnctl_p_udp_port(struct sdnctl *ctx, const char *s, void *dst,
		      char *err, size_t errlen);
int sdnctl_p_bool(struct sdnctl *ctx, const char *s, void *dst, char *err,
		  size_t errlen);
int sdnctl_p_mode(struct sdnctl *ctx, const char *s, void *dst, char *err,
		  size_t errlen);
/* A bridge name (dev BRIDGE): checked, not looked up. */
int sdnctl_p_ifname(struct sdnctl *ctx, const char *s, void *dst, char *err,
		    size_t errlen);
/* An existing interface, by name, to its ifindex (uint32_t). */
int sdnctl_p_iface(struct sdnctl *ctx, const char *s, void *dst, char *err,
		   size_t errlen);
/* An interface index (uint32_t), 1 and up. */
int sdnctl_p_ifindex(struct sdnctl *ctx, const char *s, void *dst,
		     char *err, size_t errlen);

/* The name of interface @ifindex here, or NULL. */
const char *sdnctl_ifname(struct sdnctl *ctx, uint32_t ifindex,
			  char buf[IFNAMSIZ]);

/* ---- entry.c: what pod, node, ns, egress and firewall share ---------------- */

enum sdnctl_entry_op {
	SDNCTL_ADD,
	SDNCTL_REPLACE,
	SDNCTL_CHANGE,
	SDNCTL_DEL,
	SDNCTL_GET,
};

int sdnctl_entry_change(struct sdnctl *ctx, enum sdnctl_entry_op op,
			const char *dev, const struct sdnbr_entry *e);
int sdnctl_entry_get(struct sdnctl *ctx, const char *dev,
		     const struct sdnbr_entry *e);
int sdnctl_entry_show(struct sdnctl *ctx, uint16_t type, int argc,
		      char **argv);
int sdnctl_entry_flush(struct sdnctl *ctx, uint16_t type, int argc,
		       char **argv);

/* A growing array of entries, sorted for printing. */
struct sdnctl_entries {
	struct sdnbr_entry *v;
	size_t n;
	size_t cap;
};

/* Frees the entries (and their lists); the list stays usable. */
void sdnctl_entries_clear(struct sdnctl_entries *l);
void sdnctl_entries_free(struct sdnctl_entries *l);
/* Every entry of @type on the bridge @ifindex, sorted by key. */
int sdnctl_dump_entries(struct sdnctl *ctx, uint16_t type, uint32_t ifindex,
			struct sdnctl_entries *l);
/* Every bridge (dev NULL) or one, in @out (free() it). */
int sdnctl_get_bridges(struct sdnctl *ctx, const char *dev,
		       struct sdnbr_bridge **out, size_t *n);

/* Sends what the bulk holds; reports the failing line. 0 or 1. */
int sdnctl_bulk_flush(struct sdnctl *ctx);
void sdnctl_bulk_free(struct sdnctl *ctx);

/* ---- print.c: text and JSON ------------------------------------------------ */

/* A text table: columns sized to their widest cell. */
struct sdnctl_table;

struct sdnctl_table *sdnctl_table_new(unsigned int ncols,
				      const char *const *heads,
				      unsigned int right_mask);
__attribute__((format(printf, 2, 3)))
void sdnctl_table_cell(struct sdnctl_table *t, const char *fmt, ...);
/* Prints and frees; @indent spaces before each line. */
int sdnctl_table_print(struct sdnctl_table *t, FILE *f, int indent);

void sdnctl_print_bridge_text(struct sdnctl *ctx, const struct sdnbr_bridge *br,
			      int indent);
/* The members of a bridge object (inside sdnbr_json_start_object). */
void sdnctl_print_bridge_json(struct sdnbr_json *j,
			      const struct sdnbr_bridge *br);
void sdnctl_print_config_json(struct sdnbr_json *j,
			      const struct sdnbr_config *cfg);
/* A table of entries of one type; @indent as for tables. */
int sdnctl_print_entries_text(struct sdnctl *ctx, uint16_t type,
			      const struct sdnctl_entries *l, int indent);
/* The members of one entry's JSON object. */
void sdnctl_print_entry_json(struct sdnctl *ctx, struct sdnbr_json *j,
			     const struct sdnbr_entry *e);
/* "ip 10.128.0.2 port veth-a ...": an entry as sdnctl arguments. */
void sdnctl_print_entry_args(struct sdnctl *ctx, FILE *f,
			     const struct sdnbr_entry *e);
void sdnctl_print_config_args(FILE *f, const struct sdnbr_config *cfg);

/* ---- handlers, one file per object ------------------------------------ */

int do_version(struct sdnctl *ctx, int argc, char **argv);
int do_trace(struct sdnctl *ctx, int argc, char **argv);
int do_watch(struct sdnctl *ctx, int argc, char **argv);
int do_bridge_show(struct sdnctl *ctx, int argc, char **argv);
int do_bridge_set(struct sdnctl *ctx, int argc, char **argv);
int do_pod_add(struct sdnctl *ctx, int argc, char **argv);
int do_pod_replace(struct sdnctl *ctx, int argc, char **argv);
int do_pod_change(struct sdnctl *ctx, int argc, char **argv);
int do_pod_del(struct sdnctl *ctx, int argc, char **argv);
int do_pod_get(struct sdnctl *ctx, int argc, char **argv);
int do_pod_show(struct sdnctl *ctx, int argc, char **argv);
int do_pod_flush(struct sdnctl *ctx, int argc, char **argv);
int do_node_add(struct sdnctl *ctx, int argc, char **argv);
int do_node_replace(struct sdnctl *ctx, int argc, char **argv);
int do_node_change(struct sdnctl *ctx, int argc, char **argv);
int do_node_del(struct sdnctl *ctx, int argc, char **argv);
int do_node_get(struct sdnctl *ctx, int argc, char **argv);
int do_node_show(struct sdnctl *ctx, int argc, char **argv);
int do_node_flush(struct sdnctl *ctx, int argc, char **argv);
int do_ns_add(struct sdnctl *ctx, int argc, char **argv);
int do_ns_replace(struct sdnctl *ctx, int argc, char **argv);
int do_ns_change(struct sdnctl *ctx, int argc, char **argv);
int do_ns_del(struct sdnctl *ctx, int argc, char **argv);
int do_ns_get(struct sdnctl *ctx, int argc, char **argv);
int do_ns_show(struct sdnctl *ctx, int argc, char **argv);
int do_ns_flush(struct sdnctl *ctx, int argc, char **argv);
int do_egress_add(struct sdnctl *ctx, int argc, char **argv);
int do_egress_replace(struct sdnctl *ctx, int argc, char **argv);
int do_egress_change(struct sdnctl *ctx, int argc, char **argv);
int do_egress_del(struct sdnctl *ctx, int argc, char **argv);
int do_egress_get(struct sdnctl *ctx, int argc, char **argv);
int do_egress_show(struct sdnctl *ctx, int argc, char **argv);
int do_egress_flush(struct sdnctl *ctx, int argc, char **argv);
int do_fw_add(struct sdnctl *ctx, int argc, char **argv);
int do_fw_replace(struct sdnctl *ctx, int argc, char **argv);
int do_fw_change(struct sdnctl *ctx, int argc, char **argv);
int do_fw_del(struct sdnctl *ctx, int argc, char **argv);
int do_fw_get(struct sdnctl *ctx, int argc, char **argv);
int do_fw_show(struct sdnctl *ctx, int argc, char **argv);
int do_fw_flush(struct sdnctl *ctx, int argc, char **argv);
int do_show(struct sdnctl *ctx, int argc, char **argv);
int do_monitor(struct sdnctl *ctx, int argc, char **argv);

/* batch.c */
int sdnctl_run_batch(struct sdnctl *ctx, const char *path);

#endif /* SDNCTL_H */
