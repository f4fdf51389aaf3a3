/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The packet mark of a namespace's egress traffic: OpenShift SDN's
 * getMarkForVNID() (pkg/network/node/egressip.go). The kernel sets it on
 * packets that leave through an egress IP of this node, reports it as
 * SDNBR_EGRESS_A_MARK, and the host SNATs traffic carrying it.
 */
#ifndef SDNBR_EGRESS_H
#define SDNBR_EGRESS_H

#include <stdint.h>

/* kube-proxy's masquerade bit in OpenShift 4: bit 0, mask 0x1 */
#define SDNBR_MASQUERADE_BIT	0x1U
/* kubelet's KUBE-MARK-DROP bit */
#define SDNBR_KUBE_DROP_BIT	0x8000U

/*
 * The mark for @vnid, avoiding @masq_bit (a mask with one bit set, or 0
 * for none) and the KUBE-MARK-DROP bit:
 *   VNID 0 -> 0xff000000; bit 15 set -> moved to 0x10000000;
 *   the masquerade bit set -> moved to 0x01000000.
 */
uint32_t sdnbr_egress_mark(uint32_t vnid, uint32_t masq_bit);

#endif /* SDNBR_EGRESS_H */
