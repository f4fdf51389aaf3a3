/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Tracepoints of the pipeline: one per stage a packet passes and one for
 * its verdict, at the very points where the simulated trace (TRACE)
 * records its steps, so `sdnctl watch`, perf and trace-cmd see what
 * `sdnctl trace` predicts. Disabled, each costs a patched-out jump.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM sdnbr

#if !defined(_SDNBR_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define _SDNBR_TRACE_H

#include <linux/netdevice.h>
#include <linux/tracepoint.h>

TRACE_EVENT(sdnbr_stage,
	    TP_PROTO(const struct net_device *br, const struct sk_buff *skb,
		     int in_ifindex, __be32 saddr, __be32 daddr, u8 table,
		     u8 result, u32 reg0, u32 reg1, __be32 key),
	    TP_ARGS(br, skb, in_ifindex, saddr, daddr, table, result, reg0, reg1,
		    key),
	    TP_STRUCT__entry(__array(char, br, IFNAMSIZ)
			     __field(const void *, skb)
			     __field(int, in_ifindex)
			     __field(u32, saddr)
			     __field(u32, daddr)
			     __field(u8, table)
			     __field(u8, result)
			     __field(u32, reg0)
			     __field(u32, reg1)
			     __field(u32, key)
	    ),
	    TP_fast_assign(strscpy(__entry->br, br->name, IFNAMSIZ);
			   __entry->skb = skb;
			   __entry->in_ifindex = in_ifindex;
			   __entry->saddr = be32_to_cpu(saddr);
			   __entry->daddr = be32_to_cpu(daddr);
			   __entry->table = table;
			   __entry->result = result;
			   __entry->reg0 = reg0;
			   __entry->reg1 = reg1;
			   __entry->key = be32_to_cpu(key);
	    ),
	    TP_printk("br=%s skb=%p in=%d saddr=0x%08x daddr=0x%08x table=%u result=%u reg0=%u reg1=%u key=0x%08x",
		      __entry->br, __entry->skb, __entry->in_ifindex,
		      __entry->saddr, __entry->daddr, __entry->table,
		      __entry->result, __entry->reg0, __entry->reg1, __entry->key)
);

TRACE_EVENT(sdnbr_verdict,
	    TP_PROTO(const struct net_device *br, const struct sk_buff *skb,
		     int in_ifindex, __be32 saddr, __be32 daddr, int out_ifindex,
		     __be32 tun_dst, u32 vni, u32 mark, u8 reason, u8 table),
	    TP_ARGS(br, skb, in_ifindex, saddr, daddr, out_ifindex, tun_dst, vni,
		    mark, reason, table),
	    TP_STRUCT__entry(__array(char, br, IFNAMSIZ)
			     __field(const void *, skb)
			     __field(int, in_ifindex)
			     __field(u32, saddr)
			     __field(u32, daddr)
			     __field(int, out_ifindex)
			     __field(u32, tun_dst)
			     __field(u32, vni)
			     __field(u32, mark)
			     __field(u8, reason)
			     __field(u8, table)
	    ),
	    TP_fast_assign(strscpy(__entry->br, br->name, IFNAMSIZ);
			   __entry->skb = skb;
			   __entry->in_ifindex = in_ifindex;
			   __entry->saddr = be32_to_cpu(saddr);
			   __entry->daddr = be32_to_cpu(daddr);
			   __entry->out_ifindex = out_ifindex;
			   __entry->tun_dst = be32_to_cpu(tun_dst);
			   __entry->vni = vni;
			   __entry->mark = mark;
			   __entry->reason = reason;
			   __entry->table = table;
	    ),
	    TP_printk("br=%s skb=%p in=%d saddr=0x%08x daddr=0x%08x out=%d tun_dst=0x%08x vni=%u mark=0x%x reason=%u table=%u",
		      __entry->br, __entry->skb, __entry->in_ifindex,
		      __entry->saddr, __entry->daddr, __entry->out_ifindex,
		      __entry->tun_dst, __entry->vni, __entry->mark,
		      __entry->reason, __entry->table)
);

#endif /* _SDNBR_TRACE_H */

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE sdnbr_trace
#include <trace/define_trace.h>
