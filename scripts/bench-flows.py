#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# The OpenFlow rules OpenShift SDN would program into br0 for one node,
# as `ovs-ofctl -O OpenFlow13 bundle br0 FILE` lines ("flow add ..."), so
# that scripts/bench can run OVS with the real flow set next to sdnbr.
#
# The rules are section 4 of openshift-sdn-datapath.md (ruleVersion 13,
# the canonical expectedFlows, conntrack rules included) plus the
# multitenant plugin's tables 27 and 80 (section 6.2), generated for the
# bench's own node, pods and remote nodes. The spec's examples that the
# bench has nothing for (the node-MAC migration rules need a node MAC:
# they are included with the underlay MAC; multicast and egress policy
# are left out, as on a node with no such namespaces).
#
# usage: bench-flows.py static   GW LOCAL_SUBNET CLUSTER SERVICE NODE_IP NODE_MAC TUN0_MAC
#        bench-flows.py pods     FIRST_IP COUNT OFPORT VNID     (consecutive IPs)
#        bench-flows.py pod      IP OFPORT VNID
#        bench-flows.py nodes    COUNT [BASE]                   (BASE.x.y/26 at 198.18.x.y)
#        bench-flows.py node     SUBNET NODE_IP
#        bench-flows.py vnid     VNID                           (table 80, same VNID)
# Several commands can be given, separated by "--".
import ipaddress
import sys
import zlib


def out(line):
    sys.stdout.write("flow add " + line + "\n")


def static(gw, local, cluster, service, node_ip, node_mac, tun0_mac):
    rules = [
        "table=0, priority=1000, ip, ct_state=-trk, actions=ct(table=0)",
        f"table=0, priority=400, in_port=2, ip, nw_src={gw}, actions=goto_table:30",
        f"table=0, priority=300, in_port=2, ip, nw_src={local}, nw_dst={cluster}, actions=goto_table:25",
        "table=0, priority=250, in_port=2, ip, nw_dst=224.0.0.0/4, actions=drop",
        f"table=0, priority=200, in_port=1, arp, arp_spa={cluster}, arp_tpa={local}, actions=move:NXM_NX_TUN_ID[0..31]->NXM_NX_REG0[],goto_table:10",
        f"table=0, priority=200, in_port=1, ip, nw_src={cluster}, actions=move:NXM_NX_TUN_ID[0..31]->NXM_NX_REG0[],goto_table:10",
        f"table=0, priority=200, in_port=1, ip, nw_dst={cluster}, actions=move:NXM_NX_TUN_ID[0..31]->NXM_NX_REG0[],goto_table:10",
        f"table=0, priority=200, in_port=2, arp, arp_spa={gw}, arp_tpa={cluster}, actions=goto_table:30",
        "table=0, priority=200, in_port=2, ip, actions=goto_table:30",
        "table=0, priority=150, in_port=1, actions=drop",
        "table=0, priority=150, in_port=2, actions=drop",
        "table=0, priority=100, arp, actions=goto_table:20",
        "table=0, priority=100, ip, actions=goto_table:20",
        "table=0, priority=0, actions=drop",
        f"table=10, priority=210, ip, nw_dst={gw}, eth_dst={node_mac}, actions=set_field:{tun0_mac}->eth_dst,resubmit:10",
        f"table=10, priority=200, ip, nw_dst={local}, eth_dst={node_mac}, actions=move:nw_dst->eth_dst[0..31],set_field:0a:58:00:00:00:00/ff:ff:00:00:00:00->eth_dst,resubmit:10",
        "table=10, priority=0, actions=drop",
        "table=20, priority=300, udp, udp_dst=4789, actions=drop",
        "table=20, priority=0, actions=drop",
        "table=25, priority=0, actions=drop",
        "table=27, priority=0, actions=drop",
        # multitenant plugin (section 6.2)
        "table=27, priority=500, actions=goto_table:30",
        "table=30, priority=0, actions=goto_table:31",
        f"table=31, priority=300, arp, arp_tpa={gw}, actions=output:2",
        f"table=31, priority=300, ip, nw_dst={gw}, actions=output:2",
        f"table=31, priority=250, ip, nw_dst={local}, ct_state=+rpl, actions=ct(nat,table=70)",
        f"table=31, priority=200, arp, arp_tpa={local}, actions=goto_table:40",
        f"table=31, priority=200, ip, nw_dst={local}, actions=goto_table:70",
        f"table=31, priority=100, arp, arp_tpa={cluster}, actions=goto_table:50",
        f"table=31, priority=100, ip, nw_dst={service}, actions=goto_table:60",
        f"table=31, priority=100, ip, nw_dst={cluster}, actions=goto_table:90",
        "table=31, priority=50, in_port=1, ip, nw_dst=224.0.0.0/4, actions=goto_table:120",
        "table=31, priority=25, ip, nw_dst=224.0.0.0/4, actions=goto_table:110",
        "table=31, priority=0, ip, actions=goto_table:99",
        "table=31, priority=0, arp, actions=drop",
        "table=40, priority=0, actions=drop",
        "table=50, priority=0, actions=drop",
        "table=60, priority=200, actions=output:2",
        "table=70, priority=0, actions=drop",
        f"table=80, priority=300, ip, nw_src={gw}/32, actions=output:NXM_NX_REG2[]",
        "table=80, priority=0, actions=drop",
        # multitenant plugin (section 6.2)
        "table=80, priority=200, reg0=0, actions=output:NXM_NX_REG2[]",
        "table=80, priority=200, reg1=0, actions=output:NXM_NX_REG2[]",
        "table=90, priority=0, actions=drop",
        f"table=99, priority=200, tcp, tcp_dst=53, nw_dst={node_ip}, actions=output:2",
        f"table=99, priority=200, udp, udp_dst=53, nw_dst={node_ip}, actions=output:2",
        "table=99, priority=0, actions=goto_table:100",
        "table=100, priority=0, actions=goto_table:101",
        "table=101, priority=150, ct_state=+rpl, actions=output:2",
        "table=101, priority=0, actions=output:2",
        "table=110, priority=0, actions=drop",
        "table=111, priority=100, actions=goto_table:120",
        "table=120, priority=0, actions=drop",
        "table=253, actions=note:01.0D",
    ]
    for r in rules:
        out(r)


def pod(ip, port, vnid):
    a = ipaddress.IPv4Address(ip).packed
    sha = "00:00:%02x:%02x:%02x:%02x" % tuple(a)
    out(f"table=20, priority=100, in_port={port}, arp, arp_spa={ip}, arp_sha={sha}/00:00:ff:ff:ff:ff, actions=load:{vnid}->NXM_NX_REG0[],goto_table:30")
    out(f"table=20, priority=100, in_port={port}, ip, nw_src={ip}, actions=load:{vnid}->NXM_NX_REG0[],goto_table:27")
    out(f"table=25, priority=100, ip, nw_src={ip}, actions=load:{vnid}->NXM_NX_REG0[],goto_table:27")
    out(f"table=40, priority=100, arp, arp_tpa={ip}, actions=output:{port}")
    out(f"table=70, priority=100, ip, nw_dst={ip}, actions=load:{vnid}->NXM_NX_REG1[],load:{port}->NXM_NX_REG2[],goto_table:80")


def pods(first, count, port, vnid):
    base = int(ipaddress.IPv4Address(first))
    for i in range(int(count)):
        pod(str(ipaddress.IPv4Address(base + i)), port, vnid)


def node(subnet, ip):
    cookie = zlib.crc32(subnet.encode())
    out(f"table=10, cookie=0x{cookie:08x}, priority=100, tun_src={ip}, actions=goto_table:30")
    out(f"table=50, cookie=0x{cookie:08x}, priority=100, arp, arp_tpa={subnet}, actions=move:NXM_NX_REG0[]->NXM_NX_TUN_ID[0..31],set_field:{ip}->tun_dst,output:1")
    out(f"table=90, cookie=0x{cookie:08x}, priority=100, ip, nw_dst={subnet}, actions=move:NXM_NX_REG0[]->NXM_NX_TUN_ID[0..31],set_field:{ip}->tun_dst,output:1")


def nodes(count, base="10.130"):
    # as selftests/scale.sh: /26 subnets from BASE.0.0, node IPs 198.18.x.y
    for i in range(int(count)):
        node(f"{base}.{i // 4}.{(i % 4) * 64}/26", f"198.18.{i // 250}.{1 + i % 250}")


def vnid(v):
    out(f"table=80, priority=100, reg0={v}, reg1={v}, actions=output:NXM_NX_REG2[]")


CMDS = {"static": static, "pods": pods, "pod": pod, "nodes": nodes,
        "node": node, "vnid": vnid}


def main(argv):
    cmd = []
    for a in argv + ["--"]:
        if a != "--":
            cmd.append(a)
            continue
        if cmd:
            CMDS[cmd[0]](*cmd[1:])
        cmd = []


if __name__ == "__main__":
    main(sys.argv[1:])
