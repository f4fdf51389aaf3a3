// SPDX-License-Identifier: GPL-2.0
/*
 * The flow table: one rhashtable per bridge holding every typed entry
 * (local pods, remote nodes, namespaces, and an index of node IPs), keyed
 * by type and address. Remote node subnets need longest-prefix match; the
 * datapath does one exact lookup per prefix length in use, longest first.
 *
 * Writers hold br->lock and readers none. A request's changes are applied
 * in three phases: the first checks everything and changes nothing, the
 * second adds and replaces and can only fail on memory, undoing what it
 * did, and the third deletes and frees; a bad request never leaves part
 * of itself behind.
 */

#include <linux/inetdevice.h>
#include <linux/sort.h>

#include "sdnbr.h"

const struct rhashtable_params sdnbr_ht_params = {
	.key_len		= sizeof(struct sdnbr_key),
	.key_offset		= offsetof(struct sdnbr_entry, key),
	.head_offset		= offsetof(struct sdnbr_entry, hnode),
	.automatic_shrinking	= true,
};

void sdnbr_key_init(struct sdnbr_key *key, enum sdnbr_entry_type type,
		    __be32 addr, u8 plen)
{
	memset(key, 0, sizeof(*key));
	key->type = type;
	key->plen = plen;
	key->addr = addr;
}

/* A million entries: every byte over a kmalloc size counts (bench memory goal) */
static_assert(sizeof(struct sdnbr_entry) <= 64);

/**
 * sdnbr_entry_alloc - a zeroed entry, charged to the caller's memcg
 * @type: what it will hold
 */
struct sdnbr_entry *sdnbr_entry_alloc(enum sdnbr_entry_type type)
{
	struct sdnbr_entry *e;

	e = kzalloc(sizeof(*e), GFP_KERNEL_ACCOUNT);
	if (!e)
		return NULL;
	e->key.type = type;
	INIT_LIST_HEAD(&e->list);
	if (type == SDNBR_ENTRY_NS)
		return e;
	e->counters = alloc_percpu_gfp(struct sdnbr_counters,
				       GFP_KERNEL_ACCOUNT);
	if (!e->counters) {
		kfree(e);
		return NULL;
	}
	return e;
}

void sdnbr_entry_free(struct sdnbr_entry *e)
{
	if (e->key.type == SDNBR_ENTRY_EGRESS)
		kfree(e->egress);
	else if (e->key.type == SDNBR_ENTRY_FW)
		kvfree(e->fw);
	free_percpu(e->counters);
	kfree(e);
}

static void sdnbr_entry_free_rcu(struct rcu_head *head)
{
	sdnbr_entry_free(container_of(head, struct sdnbr_entry, rcu));
}

size_t sdnbr_entry_size(const struct sdnbr_entry *e)
{
	size_t size = sizeof(*e);

	if (e->counters)
		size += sizeof(struct sdnbr_counters) * num_possible_cpus();
	if (e->key.type == SDNBR_ENTRY_EGRESS && e->egress)
		size += struct_size(e->egress, ips, e->egress->n);
	if (e->key.type == SDNBR_ENTRY_FW && e->fw)
		size += sizeof(*e->fw) +
			e->fw->n_rules * sizeof(*e->fw->rules) +
			e->fw->n_ranges * (sizeof(u32) + 1);
	return size;
}

void sdnbr_entry_counters(const struct sdnbr_entry *e, u64 packets[2],
			  u64 bytes[2])
{
	int cpu, dir;

	memset(packets, 0, 2 * sizeof(u64));
	memset(bytes, 0, 2 * sizeof(u64));
	if (!e->counters)
		return;
	for_each_possible_cpu(cpu) {
		const struct sdnbr_counters *c = per_cpu_ptr(e->counters, cpu);
		u64 p[2], b[2];
		unsigned int start;

		do {
			start = u64_stats_fetch_begin(&c->syncp);
			for (dir = 0; dir < 2; dir++) {
				p[dir] = u64_stats_read(&c->packets[dir]);
				b[dir] = u64_stats_read(&c->bytes[dir]);
			}
		} while (u64_stats_fetch_retry(&c->syncp, start));
		for (dir = 0; dir < 2; dir++) {
			packets[dir] += p[dir];
			bytes[dir] += b[dir];
		}
	}
}

struct sdnbr_entry *sdnbr_lookup_locked(struct sdnbr_flow_table *t,
					const struct sdnbr_key *key)
{
	/* rhashtable_lookup_fast() takes the RCU read lock for us */
	return rhashtable_lookup_fast(&t->ht, key, sdnbr_ht_params);
}

/* Make @e reachable; the only step of a change that can fail. */
static int sdnbr_link(struct sdnbr_flow_table *t, struct sdnbr_entry *e)
{
	int err;

	err = rhashtable_insert_fast(&t->ht, &e->hnode, sdnbr_ht_params);
	if (err)
		return err;
	list_add_tail(&e->list, &t->lists[e->key.type]);
	t->count[e->key.type]++;
	t->memory += sdnbr_entry_size(e);
	if (e->key.type < SDNBR_USER_ENTRY_TYPES)
		t->n_user++;
	if (e->key.type == SDNBR_ENTRY_NODE &&
	    !t->plen_refs[e->key.plen]++)
		WRITE_ONCE(t->node_plens,
			   t->node_plens | BIT_ULL(e->key.plen));
	return 0;
}

/* Make @e unreachable; the caller frees it after a grace period. */
static void sdnbr_unlink(struct sdnbr_flow_table *t, struct sdnbr_entry *e)
{
	rhashtable_remove_fast(&t->ht, &e->hnode, sdnbr_ht_params);
	list_del_init(&e->list);
	t->count[e->key.type]--;
	t->memory -= sdnbr_entry_size(e);
	if (e->key.type < SDNBR_USER_ENTRY_TYPES)
		t->n_user--;
	if (e->key.type == SDNBR_ENTRY_NODE &&
	    !--t->plen_refs[e->key.plen])
		WRITE_ONCE(t->node_plens,
			   t->node_plens & ~BIT_ULL(e->key.plen));
}

/* Swap @new for @old under the same key; cannot fail. */
static void sdnbr_swap(struct sdnbr_flow_table *t, struct sdnbr_entry *old,
		       struct sdnbr_entry *new)
{
	/*
	 * A replaced pod keeps its service ports, or a reply that arrives
	 * before its next service packet would miss the reverse NAT. A port
	 * the datapath adds to @old at this instant is added again by that
	 * connection's next packet.
	 */
	if (new->key.type == SDNBR_ENTRY_POD)
		new->pod.svc_ports |= READ_ONCE(old->pod.svc_ports);
	WARN_ON_ONCE(rhashtable_replace_fast(&t->ht, &old->hnode, &new->hnode,
					     sdnbr_ht_params));
	list_replace_init(&old->list, &new->list);
	t->memory += sdnbr_entry_size(new);
	t->memory -= sdnbr_entry_size(old);
}

/*
 * Node IPs: VXLAN is accepted only from them (table 10), so they have an
 * index of their own, shared by the nodes that use one IP.
 */
static int sdnbr_node_ip_get(struct sdnbr_flow_table *t, struct sdnbr_entry *node)
{
	struct sdnbr_entry *idx;
	struct sdnbr_key key;
	int err;

	sdnbr_key_init(&key, SDNBR_ENTRY_NODE_IP, node->node.ip, 32);
	idx = sdnbr_lookup_locked(t, &key);
	if (!idx) {
		idx = sdnbr_entry_alloc(SDNBR_ENTRY_NODE_IP);
		if (!idx)
			return -ENOMEM;
		idx->key = key;
		err = sdnbr_link(t, idx);
		if (err) {
			sdnbr_entry_free(idx);
			return err;
		}
	}
	idx->node_ip.refs++;
	node->node.ip_index = idx;
	return 0;
}

static void sdnbr_node_ip_put(struct sdnbr_flow_table *t, struct sdnbr_entry *node)
{
	struct sdnbr_entry *idx = node->node.ip_index;

	if (!idx)
		return;
	node->node.ip_index = NULL;
	if (--idx->node_ip.refs)
		return;
	sdnbr_unlink(t, idx);
	call_rcu(&idx->rcu, sdnbr_entry_free_rcu);
}

/**
 * sdnbr_egress_mark - the skb mark for a VNID's egress IP traffic
 * @vnid: the namespace's VNID
 *
 * OpenShift SDN's getMarkForVNID() with kube-proxy's masquerade bit 0:
 * the VNID itself, moved off the masquerade bit (0x1) and kubelet's
 * KUBE-MARK-DROP bit (0x8000) by flags in the high byte, which VNIDs
 * (24 bits) never use.
 */
u32 sdnbr_egress_mark(u32 vnid)
{
	u32 mark = vnid;

	if (!mark)
		mark = 0xff000000;
	if (mark & 0x8000)
		mark = (mark | 0x10000000) ^ 0x8000;
	if (mark & 0x1)
		mark = (mark | 0x01000000) ^ 0x1;
	return mark;
}

static int sdnbr_u32_cmp(const void *a, const void *b)
{
	u32 x = *(const u32 *)a, y = *(const u32 *)b;

	return x < y ? -1 : x > y;
}

/**
 * sdnbr_fw_compile - turn an ordered rule list into disjoint ranges
 * @rules: the rules, first match wins
 * @n: how many, at most SDNBR_MAX_FIREWALL_RULES
 *
 * Every rule's first address and the address after its last cut the
 * space into elementary ranges; each gets the verdict of the first rule
 * that holds it (none: allow), and neighbours with one verdict merge.
 * O(n^2) here so that a packet pays O(log n).
 */
struct sdnbr_fw *sdnbr_fw_compile(const struct sdnbr_fw_rule *rules,
				  unsigned int n)
{
	unsigned int i, j, m = 0, k = 0;
	struct sdnbr_fw *fw;
	u32 *cuts;
	size_t size;

	cuts = kvmalloc_array(2 * n + 1, sizeof(*cuts), GFP_KERNEL);
	if (!cuts)
		return NULL;
	cuts[m++] = 0;
	for (i = 0; i < n; i++) {
		u32 lo = ntohl(rules[i].addr);
		u32 hi = lo | ~ntohl(inet_make_mask(rules[i].plen));

		cuts[m++] = lo;
		if (hi != U32_MAX)
			cuts[m++] = hi + 1;
	}
	sort(cuts, m, sizeof(*cuts), sdnbr_u32_cmp, NULL);

	size = sizeof(*fw) + n * sizeof(*fw->rules) +
	       m * (sizeof(*fw->starts) + sizeof(*fw->deny));
	fw = kvzalloc(size, GFP_KERNEL_ACCOUNT);
	if (!fw) {
		kvfree(cuts);
		return NULL;
	}
	fw->rules = (struct sdnbr_fw_rule *)(fw + 1);
	fw->starts = (u32 *)(fw->rules + n);
	fw->deny = (u8 *)(fw->starts + m);
	fw->n_rules = n;
	memcpy(fw->rules, rules, n * sizeof(*rules));

	for (i = 0; i < m; i++) {
		u8 deny = 0;

		if (i && cuts[i] == cuts[i - 1])
			continue;
		for (j = 0; j < n; j++) {
			__be32 mask = inet_make_mask(rules[j].plen);

			if ((htonl(cuts[i]) & mask) == rules[j].addr) {
				deny = rules[j].action == SDNBR_FW_DENY;
				break;
			}
		}
		if (k && fw->deny[k - 1] == deny)
			continue;
		fw->starts[k] = cuts[i];
		fw->deny[k] = deny;
		k++;
	}
	fw->n_ranges = k;
	kvfree(cuts);
	return fw;
}

/* The verdict of the range that holds @addr: the last start <= addr. */
bool sdnbr_fw_denies(const struct sdnbr_fw *fw, __be32 addr)
{
	u32 a = ntohl(addr);
	unsigned int lo = 0, hi = fw->n_ranges;

	while (hi - lo > 1) {
		unsigned int mid = lo + (hi - lo) / 2;

		if (fw->starts[mid] <= a)
			lo = mid;
		else
			hi = mid;
	}
	return fw->deny[lo];
}

static int sdnbr_op_cmp(const void *a, const void *b)
{
	const struct sdnbr_op *x = a, *y = b;
	int r = memcmp(&x->key, &y->key, sizeof(x->key));

	if (r)
		return r;
	return x->index < y->index ? -1 : x->index > y->index;
}

/* Undo the first @n applied ops of a failed request, newest first. */
static void sdnbr_rollback(struct sdnbr_flow_table *t, struct sdnbr_op *ops,
			   unsigned int n)
{
	while (n--) {
		struct sdnbr_op *op = &ops[n];

		/* deletes are applied only once nothing can fail */
		if (!op->new)
			continue;
		if (op->new->key.type == SDNBR_ENTRY_NODE)
			sdnbr_node_ip_put(t, op->new);
		if (op->old)
			sdnbr_swap(t, op->new, op->old);
		else
			sdnbr_unlink(t, op->new);
	}
}

/**
 * sdnbr_table_apply - apply one request's changes, all or none
 * @br: the bridge, br->lock held
 * @ops: one per entry in the request; ->new NULL means delete ->key
 * @n: how many
 * @nlflags: the request's NLM_F_CREATE, NLM_F_EXCL and NLM_F_REPLACE
 * @extack: names the entry that failed
 *
 * On success the table owns every ->new and the replaced or deleted
 * entries are freed after a grace period. On failure nothing changed and
 * the caller still owns every ->new. @ops is reordered.
 */
int sdnbr_table_apply(struct sdnbr_bridge *br, struct sdnbr_op *ops,
		      unsigned int n, u16 nlflags,
		      struct netlink_ext_ack *extack)
{
	struct sdnbr_flow_table *t = &br->table;
	const struct sdnbr_config *cfg;
	unsigned int i, creates = 0;
	int err;

	lockdep_assert_held(&br->lock);
	cfg = rcu_dereference_protected(br->cfg, lockdep_is_held(&br->lock));

	/* phase 1: find what exists and check; change nothing */
	sort(ops, n, sizeof(*ops), sdnbr_op_cmp, NULL);
	for (i = 0; i < n; i++) {
		struct sdnbr_op *op = &ops[i];

		if (i && !memcmp(&op->key, &ops[i - 1].key, sizeof(op->key))) {
			NL_SET_ERR_MSG_ATTR(extack, op->attr,
					    "the request names this entry twice");
			return -EINVAL;
		}
		op->old = sdnbr_lookup_locked(t, &op->key);
		if (!op->new) {
			if (!op->old) {
				NL_SET_ERR_MSG_ATTR(extack, op->attr,
						    "no such entry");
				return -ENOENT;
			}
			continue;
		}
		if (op->old && (!(nlflags & NLM_F_REPLACE) ||
				(nlflags & NLM_F_EXCL))) {
			NL_SET_ERR_MSG_ATTR(extack, op->attr,
					    "the entry exists (use replace)");
			return -EEXIST;
		}
		if (!op->old && !(nlflags & NLM_F_CREATE)) {
			NL_SET_ERR_MSG_ATTR(extack, op->attr,
					    "no such entry to replace");
			return -ENOENT;
		}
		if (!op->old)
			creates++;
	}
	if (creates && t->n_user + creates > cfg->max_entries) {
		NL_SET_ERR_MSG(extack,
			       "the flow table is full (see max-entries)");
		return -ENOSPC;
	}

	/* phase 2: adds and replaces, which may fail on memory */
	for (i = 0; i < n; i++) {
		struct sdnbr_op *op = &ops[i];

		if (!op->new)
			continue;
		if (op->new->key.type == SDNBR_ENTRY_NODE) {
			err = sdnbr_node_ip_get(t, op->new);
			if (err)
				goto fail;
		}
		if (op->old) {
			sdnbr_swap(t, op->old, op->new);
			continue;
		}
		err = sdnbr_link(t, op->new);
		if (err) {
			if (op->new->key.type == SDNBR_ENTRY_NODE)
				sdnbr_node_ip_put(t, op->new);
			goto fail;
		}
	}

	/* phase 3: nothing can fail from here on */
	for (i = 0; i < n; i++) {
		struct sdnbr_op *op = &ops[i];

		if (!op->old)
			continue;
		if (!op->new)
			sdnbr_unlink(t, op->old);
		if (op->old->key.type == SDNBR_ENTRY_NODE)
			sdnbr_node_ip_put(t, op->old);
		call_rcu(&op->old->rcu, sdnbr_entry_free_rcu);
	}
	t->gen++;
	return 0;

fail:
	sdnbr_rollback(t, ops, i);
	/* the caller frees ->new at once: readers may have seen some */
	synchronize_rcu();
	NL_SET_ERR_MSG_ATTR(extack, ops[i].attr,
			    "out of memory adding this entry");
	return err == -E2BIG ? -ENOSPC : err;
}

/**
 * sdnbr_table_flush - delete every entry of one type
 * @br: the bridge, br->lock held
 * @type: a user-visible type
 *
 * Returns how many were deleted.
 */
unsigned int sdnbr_table_flush(struct sdnbr_bridge *br,
			       enum sdnbr_entry_type type)
{
	struct sdnbr_flow_table *t = &br->table;
	struct sdnbr_entry *e, *tmp;
	unsigned int n = 0;

	lockdep_assert_held(&br->lock);
	list_for_each_entry_safe(e, tmp, &t->lists[type], list) {
		sdnbr_unlink(t, e);
		if (type == SDNBR_ENTRY_NODE)
			sdnbr_node_ip_put(t, e);
		call_rcu(&e->rcu, sdnbr_entry_free_rcu);
		n++;
		/* a million pods: let others run between them */
		if (!(n & 1023))
			cond_resched();
	}
	t->gen++;
	return n;
}

static struct sdnbr_config *sdnbr_config_default(void)
{
	struct sdnbr_config *cfg;

	cfg = kzalloc(sizeof(*cfg), GFP_KERNEL_ACCOUNT);
	if (!cfg)
		return NULL;
	cfg->mode = SDNBR_MODE_SUBNET;
	cfg->vxlan_port = SDNBR_DEFAULT_VXLAN_PORT;
	cfg->mtu = SDNBR_DEFAULT_MTU;
	cfg->max_entries = SDNBR_DEFAULT_MAX_ENTRIES;
	return cfg;
}

/**
 * sdnbr_bridge_table_init - the flow table, settings and counters of br0
 * @br: a bridge being created, not yet registered
 */
int sdnbr_bridge_table_init(struct sdnbr_bridge *br)
{
	struct sdnbr_config *cfg;
	int i, err;

	mutex_init(&br->lock);
	for (i = 0; i < __SDNBR_ENTRY_MAX; i++)
		INIT_LIST_HEAD(&br->table.lists[i]);
	cfg = sdnbr_config_default();
	if (!cfg)
		return -ENOMEM;
	br->stats = netdev_alloc_pcpu_stats(struct sdnbr_br_stats);
	if (!br->stats) {
		err = -ENOMEM;
		goto err_cfg;
	}
	err = rhashtable_init(&br->table.ht, &sdnbr_ht_params);
	if (err)
		goto err_stats;
	RCU_INIT_POINTER(br->cfg, cfg);
	return 0;

err_stats:
	free_percpu(br->stats);
	br->stats = NULL;
err_cfg:
	kfree(cfg);
	return err;
}

static void sdnbr_entry_destroy(void *ptr, void *arg)
{
	sdnbr_entry_free(ptr);
}

/**
 * sdnbr_bridge_table_destroy - free what sdnbr_bridge_table_init() made
 * @br: a bridge no reader can reach any more (its destructor)
 */
void sdnbr_bridge_table_destroy(struct sdnbr_bridge *br)
{
	if (!br->stats)
		return;
	rhashtable_free_and_destroy(&br->table.ht, sdnbr_entry_destroy, NULL);
	kfree(rcu_dereference_protected(br->cfg, true));
	free_percpu(br->stats);
	br->stats = NULL;
	mutex_destroy(&br->lock);
}
