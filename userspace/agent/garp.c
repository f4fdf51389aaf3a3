// SPDX-License-Identifier: GPL-2.0
/*
 * Gratuitous ARP for an egress IP that has just come to this node, so the
 * neighbours on the uplink forget the node that held it before. Like the
 * spec's `arping -A` then `arping -U`: an unsolicited reply and an
 * announcement request, both with sender = target = the IP, broadcast.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if_arp.h>
#include <sys/socket.h>

#include "agent_io.h"

struct arp_ipv4 {
	struct arphdr h;
	unsigned char sha[6];
	unsigned char sip[4];
	unsigned char tha[6];
	unsigned char tip[4];
} __attribute__((packed));

int agent_garp(int ifindex, const unsigned char mac[6], struct in_addr ip)
{
	static const unsigned char bcast[6] = {
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	};
	struct sockaddr_ll to = {
		.sll_family = AF_PACKET,
		.sll_protocol = htons(ETH_P_ARP),
		.sll_ifindex = ifindex,
		.sll_halen = 6,
	};
	struct arp_ipv4 arp = {
		.h = {
			.ar_hrd = htons(ARPHRD_ETHER),
			.ar_pro = htons(ETH_P_IP),
			.ar_hln = 6,
			.ar_pln = 4,
		},
	};
	int fd, i, err = 0;

	memcpy(to.sll_addr, bcast, 6);
	memcpy(arp.sha, mac, 6);
	memcpy(arp.sip, &ip, 4);
	memcpy(arp.tip, &ip, 4);
	fd = socket(AF_PACKET, SOCK_DGRAM | SOCK_CLOEXEC, htons(ETH_P_ARP));
	if (fd < 0)
		return -1;
	for (i = 0; i < 2; i++) {
		/* first a reply (arping -A), then a request (arping -U) */
		arp.h.ar_op = htons(i ? ARPOP_REQUEST : ARPOP_REPLY);
		if (i)
			memset(arp.tha, 0, 6);
		else
			memcpy(arp.tha, mac, 6);
		if (sendto(fd, &arp, sizeof(arp), 0, (struct sockaddr *)&to,
			   sizeof(to)) != (ssize_t)sizeof(arp))
			err = errno;
	}
	close(fd);
	errno = err;
	return err ? -1 : 0;
}
