#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Send exactly COUNT hand-made frames, for tests that need packets no
well-behaved stack would send (spoofed sources, forged ARP, VXLAN from a
stranger).

  pktsend.py ip   IFACE SMAC DMAC SRC DST [COUNT]   ICMP echo, raw frame
  pktsend.py arp  IFACE SMAC SENDER_IP TARGET_IP [COUNT]  ARP request
  pktsend.py garp IFACE SMAC IP     gratuitous ARP request announcing IP
  pktsend.py vxlan SRC DST VNI SMAC DMAC ISRC IDST [COUNT]
        a VXLAN packet from local address SRC to DST:4789 carrying an
        ICMP echo from ISRC to IDST
"""
import socket
import struct
import sys


def mac(s):
    return bytes(int(x, 16) for x in s.split(":"))


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    s = (s >> 16) + (s & 0xFFFF)
    s += s >> 16
    return ~s & 0xFFFF


def icmp_echo(src, dst, seq):
    icmp = struct.pack("!BBHHH", 8, 0, 0, 0x5d5d, seq) + b"sdnbr-test" * 4
    icmp = icmp[:2] + struct.pack("!H", csum(icmp)) + icmp[4:]
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(icmp), seq, 0, 64, 1,
                     0, socket.inet_aton(src), socket.inet_aton(dst))
    ip = ip[:10] + struct.pack("!H", csum(ip)) + ip[12:]
    return ip + icmp


def eth(dmac, smac, etype, payload):
    return mac(dmac) + mac(smac) + struct.pack("!H", etype) + payload


def raw(iface):
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((iface, 0))
    return s


def main(argv):
    kind = argv[1]
    if kind == "ip":
        iface, smac, dmac, src, dst = argv[2:7]
        count = int(argv[7]) if len(argv) > 7 else 1
        s = raw(iface)
        for i in range(count):
            s.send(eth(dmac, smac, 0x0800, icmp_echo(src, dst, i)))
    elif kind == "arp":
        iface, smac, spa, tpa = argv[2:6]
        count = int(argv[6]) if len(argv) > 6 else 1
        arp = struct.pack("!HHBBH6s4s6s4s", 1, 0x0800, 6, 4, 1, mac(smac),
                          socket.inet_aton(spa), b"\0" * 6,
                          socket.inet_aton(tpa))
        s = raw(iface)
        for _ in range(count):
            s.send(eth("ff:ff:ff:ff:ff:ff", smac, 0x0806, arp))
    elif kind == "garp":
        iface, smac, ip = argv[2:5]
        arp = struct.pack("!HHBBH6s4s6s4s", 1, 0x0800, 6, 4, 1, mac(smac),
                          socket.inet_aton(ip), b"\0" * 6,
                          socket.inet_aton(ip))
        raw(iface).send(eth("ff:ff:ff:ff:ff:ff", smac, 0x0806, arp))
    elif kind == "vxlan":
        src, dst, vni, smac, dmac, isrc, idst = argv[2:9]
        count = int(argv[9]) if len(argv) > 9 else 1
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.bind((src, 0))
        hdr = struct.pack("!II", 0x08000000, int(vni) << 8)
        for i in range(count):
            s.sendto(hdr + eth(dmac, smac, 0x0800, icmp_echo(isrc, idst, i)),
                     (dst, 4789))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
