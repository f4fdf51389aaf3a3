// SPDX-License-Identifier: GPL-2.0
/*
 * Egress IP and egress firewall entries (<linux/sdnbr.h>) on the wire.
 * libsdnbr's sdnbr_msg covers pods, nodes and namespaces; these two entry
 * types carry nested lists, and live here until the library grows them.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <netlink/attr.h>

#include "agent_io.h"

#define PUT(call)				\
	do {					\
		if ((call) < 0)			\
			return -EMSGSIZE;	\
	} while (0)

size_t agent_msg_egress_size(const struct agent_egress *e)
{
	/* nest, vnid, and per IP: nest, addr, node */
	return NLA_HDRLEN + nla_total_size(4) +
	       e->n * (NLA_HDRLEN + 2 * nla_total_size(4));
}

size_t agent_msg_fw_size(const struct agent_fw *f)
{
	/* nest, vnid, and per rule: nest, action, prefix nest, addr, plen */
	return NLA_HDRLEN + nla_total_size(4) +
	       f->n * (NLA_HDRLEN + nla_total_size(1) + NLA_HDRLEN +
		       nla_total_size(4) + nla_total_size(1));
}

int agent_msg_put_egress(struct nl_msg *msg, const struct agent_egress *e,
			 bool key_only)
{
	struct nlattr *nest = nla_nest_start(msg, SDNBR_A_EGRESS), *ip;
	unsigned int i;

	if (!nest)
		return -EMSGSIZE;
	PUT(nla_put_u32(msg, SDNBR_EGRESS_A_VNID, e->vnid));
	for (i = 0; !key_only && i < e->n; i++) {
		ip = nla_nest_start(msg, SDNBR_EGRESS_A_IP);
		if (!ip)
			return -EMSGSIZE;
		PUT(nla_put_u32(msg, SDNBR_EGRESS_IP_A_ADDR,
				e->ip[i].addr.s_addr));
		if (e->ip[i].hosted)
			PUT(nla_put_u32(msg, SDNBR_EGRESS_IP_A_NODE,
					e->ip[i].node.s_addr));
		nla_nest_end(msg, ip);
	}
	nla_nest_end(msg, nest);
	return 0;
}

int agent_msg_put_fw(struct nl_msg *msg, const struct agent_fw *f,
		     bool key_only)
{
	struct nlattr *nest = nla_nest_start(msg, SDNBR_A_FW), *rule;
	unsigned int i;
	int ret;

	if (!nest)
		return -EMSGSIZE;
	PUT(nla_put_u32(msg, SDNBR_FW_A_VNID, f->vnid));
	for (i = 0; !key_only && i < f->n; i++) {
		rule = nla_nest_start(msg, SDNBR_FW_A_RULE);
		if (!rule)
			return -EMSGSIZE;
		PUT(nla_put_u8(msg, SDNBR_FW_RULE_A_ACTION, f->rules[i].action));
		ret = sdnbr_msg_put_prefix(msg, SDNBR_FW_RULE_A_PREFIX,
					   &f->rules[i].prefix);
		if (ret)
			return ret;
		nla_nest_end(msg, rule);
	}
	nla_nest_end(msg, nest);
	return 0;
}

static int get_u32(const struct nlattr *a, uint32_t *v)
{
	if (nla_len(a) != 4)
		return -EPROTO;
	memcpy(v, nla_data(a), 4);
	return 0;
}

int agent_msg_parse_egress(struct nlattr *nest, struct agent_egress *e,
			   uint32_t *mark)
{
	struct nlattr *a, *b;
	int rem, rem2;
	uint32_t v;

	memset(e, 0, sizeof(*e));
	if (mark)
		*mark = 0;
	nla_for_each_nested(a, nest, rem) {
		switch (nla_type(a)) {
		case SDNBR_EGRESS_A_VNID:
			if (get_u32(a, &e->vnid))
				return -EPROTO;
			break;
		case SDNBR_EGRESS_A_MARK:
			if (get_u32(a, &v))
				return -EPROTO;
			if (mark)
				*mark = v;
			break;
		case SDNBR_EGRESS_A_IP: {
			struct agent_egress_ip *ip;

			if (e->n == SDNBR_MAX_EGRESS_IPS)
				return -EPROTO;
			ip = &e->ip[e->n++];
			nla_for_each_nested(b, a, rem2) {
				if (nla_type(b) == SDNBR_EGRESS_IP_A_ADDR) {
					if (get_u32(b, &ip->addr.s_addr))
						return -EPROTO;
				} else if (nla_type(b) == SDNBR_EGRESS_IP_A_NODE) {
					if (get_u32(b, &ip->node.s_addr))
						return -EPROTO;
					ip->hosted = true;
				}
			}
			break;
		}
		default:
			break;
		}
	}
	return 0;
}

int agent_msg_parse_fw(struct nlattr *nest, struct agent_fw *f)
{
	struct nlattr *a, *b;
	unsigned int cap = 0;
	int rem, rem2, ret;

	memset(f, 0, sizeof(*f));
	nla_for_each_nested(a, nest, rem) {
		struct agent_fw_rule *r;

		if (nla_type(a) == SDNBR_FW_A_VNID) {
			if (get_u32(a, &f->vnid))
				goto bad;
			continue;
		}
		if (nla_type(a) != SDNBR_FW_A_RULE)
			continue;
		if (f->n == cap) {
			unsigned int ncap = cap ? cap * 2 : 16;
			void *v = realloc(f->rules, ncap * sizeof(*f->rules));

			if (!v) {
				ret = -ENOMEM;
				goto fail;
			}
			f->rules = v;
			cap = ncap;
		}
		r = &f->rules[f->n++];
		memset(r, 0, sizeof(*r));
		nla_for_each_nested(b, a, rem2) {
			if (nla_type(b) == SDNBR_FW_RULE_A_ACTION) {
				if (nla_len(b) != 1)
					goto bad;
				r->action = nla_get_u8(b);
			} else if (nla_type(b) == SDNBR_FW_RULE_A_PREFIX) {
				if (sdnbr_msg_parse_prefix(b, &r->prefix))
					goto bad;
			}
		}
	}
	return 0;
bad:
	ret = -EPROTO;
fail:
	free(f->rules);
	memset(f, 0, sizeof(*f));
	return ret;
}
