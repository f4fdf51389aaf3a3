// SPDX-License-Identifier: GPL-2.0
/*
 * getMarkForVNID() of OpenShift SDN; see sdnbr_egress.h.
 */
#include "sdnbr_egress.h"

uint32_t sdnbr_egress_mark(uint32_t vnid, uint32_t masq_bit)
{
	uint32_t mark = vnid;

	if (!mark)
		mark = 0xff000000U;
	if (mark & SDNBR_KUBE_DROP_BIT)
		mark = (mark | 0x10000000U) ^ SDNBR_KUBE_DROP_BIT;
	if (mark & masq_bit)
		mark = (mark | 0x01000000U) ^ masq_bit;
	return mark;
}
