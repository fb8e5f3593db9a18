#!/usr/bin/python3
"""Cross-checks libofm's packet library, through the ofdump tool, against
os-ken (Ryu's maintained fork, Debian package python3-os-ken).

For every frame built here with os-ken:
  1. os-ken serializes it, then parses the bytes back (Packet(data)); that
     parsed object's to_jsondict() and str() are the reference;
  2. `ofdump --frame HEX` decodes the bytes: its JSON must equal the
     reference as JSON values, `ofdump --frame --text HEX` must print str()
     of the reference, and neither may report a problem;
  3. `ofdump --build --hex` builds a frame from the reference JSON: same
     bytes (except where Ryu's JSON leaves information out, see NO_BUILD);
  4. `ofdump --build --hex` builds a frame from ofdump's own JSON: same
     bytes.
(That parsing and serializing again gives the same bytes is checked on the
same frames by tests/unit/test-packet, from test-packet-vectors.h.)

Usage: crosscheck.py OFDUMP [-v]
       crosscheck.py --dump-corpus DIR   (writes each frame to DIR/NAME.bin,
                                          the fuzzer's seed corpus)
Exit status 0 when everything matches, 1 otherwise (differences printed).
"""

import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ofdump_tool import Ofdump  # noqa: E402

from os_ken.lib.packet import (arp, bpdu, dhcp, ethernet, gre, icmp, icmpv6,
                               igmp, ipv4, ipv6, llc, lldp, mpls, packet, pbb,
                               sctp, slow, tcp, udp, vlan, vrrp, vxlan)

MAC1 = '0a:e4:1c:d1:3e:43'
MAC2 = '0a:e4:1c:d1:3e:44'


def eth(ethertype, dst=MAC2, src=MAC1):
    return ethernet.ethernet(dst=dst, src=src, ethertype=ethertype)


def pkt(*protos):
    p = packet.Packet()
    for proto in protos:
        p.add_protocol(proto)
    return p


def ip4(proto, src='192.0.2.99', dst='192.0.2.9', **kw):
    return ipv4.ipv4(proto=proto, src=src, dst=dst, **kw)


def ip6(nxt, src='2001:db8::1', dst='2001:db8::2', **kw):
    return ipv6.ipv6(nxt=nxt, src=src, dst=dst, **kw)


def frames():
    """(name, os-ken Packet) pairs covering every protocol family."""
    # ARP, as in the seed's icmp_responder walk-through.
    yield 'arp-request', pkt(
        eth(0x0806, dst='ff:ff:ff:ff:ff:ff'),
        arp.arp(opcode=1, src_mac=MAC1, src_ip='192.0.2.99',
                dst_mac='00:00:00:00:00:00', dst_ip='192.0.2.9'))
    yield 'arp-reply', pkt(
        eth(0x0806, dst=MAC1, src=MAC2),
        arp.arp(opcode=2, src_mac=MAC2, src_ip='192.0.2.9',
                dst_mac=MAC1, dst_ip='192.0.2.99'))

    # ICMP.
    ping = bytes(range(0x10, 0x40))
    yield 'icmp-echo', pkt(
        eth(0x0800), ip4(1, identification=32285),
        icmp.icmp(type_=8, code=0, data=icmp.echo(id_=0x4c2b, seq=1, data=ping)))
    yield 'icmp-echo-reply', pkt(
        eth(0x0800, dst=MAC1, src=MAC2), ip4(1, src='192.0.2.9', dst='192.0.2.99'),
        icmp.icmp(type_=0, code=0, data=icmp.echo(id_=7, seq=9, data=b'abc\x00\xff')))
    inner = bytes.fromhex('450000540000400040010000c0000263c0000209') + b'\x08\x00\x00\x00\x00\x01\x00\x02'
    yield 'icmp-unreach', pkt(
        eth(0x0800), ip4(1),
        icmp.icmp(type_=3, code=4, data=icmp.dest_unreach(data_len=0, mtu=1400, data=inner)))
    yield 'icmp-time-exceeded', pkt(
        eth(0x0800), ip4(1),
        icmp.icmp(type_=11, code=0, data=icmp.TimeExceeded(data_len=0, data=inner)))
    yield 'icmp-raw', pkt(
        eth(0x0800), ip4(1), icmp.icmp(type_=13, code=0, data=b'\x00\x01\x00\x02' + bytes(12)))

    # IPv4 with options, IGMP.
    yield 'igmpv2-report', pkt(
        eth(0x0800, dst='01:00:5e:01:02:03'),
        ip4(2, dst='239.1.2.3', ttl=1, header_length=6, option=b'\x94\x04\x00\x00'),
        igmp.igmp(msgtype=0x16, maxresp=0, address='239.1.2.3'))
    yield 'igmpv1-query', pkt(
        eth(0x0800), ip4(2, dst='224.0.0.1', ttl=1),
        igmp.igmp(msgtype=0x11, maxresp=100, address='0.0.0.0'))
    yield 'igmpv3-query', pkt(
        eth(0x0800), ip4(2, dst='224.0.0.1', ttl=1),
        igmp.igmpv3_query(maxresp=100, address='239.1.1.1', s_flg=1, qrv=2, qqic=125,
                          srcs=['192.0.2.1', '192.0.2.2']))
    yield 'igmpv3-report', pkt(
        eth(0x0800), ip4(2, dst='224.0.0.22', ttl=1),
        igmp.igmpv3_report(records=[
            igmp.igmpv3_report_group(type_=1, address='239.1.1.1', srcs=['192.0.2.5']),
            igmp.igmpv3_report_group(type_=4, address='239.2.2.2', aux=b'\x01\x02\x03\x04'),
        ]))

    # UDP, TCP, VLAN tags.
    yield 'vlan-udp', pkt(
        eth(0x8100), vlan.vlan(pcp=5, cfi=0, vid=100, ethertype=0x0800),
        ip4(17), udp.udp(src_port=5353, dst_port=53), b'hello, world')
    yield 'qinq-tcp-options', pkt(
        eth(0x88a8), vlan.svlan(pcp=1, vid=20, ethertype=0x8100),
        vlan.vlan(pcp=3, vid=300, ethertype=0x0800), ip4(6, flags=2),
        tcp.tcp(src_port=40000, dst_port=80, seq=0x01020304, ack=0, bits=tcp.TCP_SYN,
                window_size=64240, option=[
                    tcp.TCPOptionMaximumSegmentSize(max_seg_size=1460),
                    tcp.TCPOptionSACKPermitted(),
                    tcp.TCPOptionTimestamps(ts_val=123456, ts_ecr=0),
                    tcp.TCPOptionNoOperation(),
                    tcp.TCPOptionWindowScale(shift_cnt=7),
                ]))
    yield 'tcp-sack-data', pkt(
        eth(0x0800), ip4(6),
        tcp.tcp(src_port=80, dst_port=40000, seq=1000, ack=2000,
                bits=tcp.TCP_ACK | tcp.TCP_PSH, window_size=501, option=[
                    tcp.TCPOptionNoOperation(), tcp.TCPOptionNoOperation(),
                    tcp.TCPOptionSACK(blocks=[(3000, 4000), (5000, 6000)]),
                    tcp.TCPOptionUserTimeout(granularity=1, user_timeout=300),
                    tcp.TCPOptionAuthentication(key_id=1, r_next_key_id=2, mac=b'0123456789ab'),
                ]), b'GET / HTTP/1.0\r\n\r\n')
    yield 'tcp-plain', pkt(
        eth(0x0800), ip4(6, tos=0x10, identification=4242),
        tcp.tcp(src_port=22, dst_port=50000, seq=7, ack=8, bits=tcp.TCP_ACK | tcp.TCP_FIN,
                window_size=1000, urgent=0), b'x' * 100)

    # IPv6, extension headers, ICMPv6 (echo, ND, MLD).
    yield 'icmpv6-echo', pkt(
        eth(0x86dd), ip6(58, flow_label=0x12345, traffic_class=0x20),
        icmpv6.icmpv6(type_=128, data=icmpv6.echo(id_=1, seq=2, data=b'ping6')))
    yield 'nd-solicit', pkt(
        eth(0x86dd, dst='33:33:ff:00:00:02'),
        ip6(58, dst='ff02::1:ff00:2', hop_limit=255),
        icmpv6.icmpv6(type_=135, data=icmpv6.nd_neighbor(
            dst='2001:db8::2', option=icmpv6.nd_option_sla(hw_src=MAC1))))
    yield 'nd-advert', pkt(
        eth(0x86dd, dst=MAC1, src=MAC2), ip6(58, src='2001:db8::2', dst='2001:db8::1'),
        icmpv6.icmpv6(type_=136, data=icmpv6.nd_neighbor(
            res=6, dst='2001:db8::2', option=icmpv6.nd_option_tla(hw_src=MAC2))))
    yield 'router-solicit', pkt(
        eth(0x86dd, dst='33:33:00:00:00:02'), ip6(58, src='fe80::1', dst='ff02::2'),
        icmpv6.icmpv6(type_=133, data=icmpv6.nd_router_solicit(
            option=icmpv6.nd_option_sla(hw_src=MAC1))))
    yield 'router-advert', pkt(
        eth(0x86dd, dst='33:33:00:00:00:01'), ip6(58, src='fe80::1', dst='ff02::1'),
        icmpv6.icmpv6(type_=134, data=icmpv6.nd_router_advert(
            ch_l=64, res=2, rou_l=1800, rea_t=30000, ret_t=1000, options=[
                icmpv6.nd_option_pi(pl=64, res1=6, val_l=86400, pre_l=14400,
                                    prefix='2001:db8:1::'),
                icmpv6.nd_option_sla(hw_src=MAC1),
            ])))
    yield 'mld-query', pkt(
        eth(0x86dd), ip6(58, src='fe80::1', dst='ff02::1'),
        icmpv6.icmpv6(type_=130, data=icmpv6.mld(maxresp=10000, address='::')))
    yield 'mldv2-query', pkt(
        eth(0x86dd), ip6(58, src='fe80::1', dst='ff02::1'),
        icmpv6.icmpv6(type_=130, data=icmpv6.mldv2_query(
            maxresp=10000, address='ff05::1:3', s_flg=0, qrv=2, qqic=125,
            srcs=['2001:db8::10', '2001:db8::11'])))
    yield 'mldv2-report-hbh', pkt(
        eth(0x86dd, dst='33:33:00:00:00:16'),
        ip6(0, src='fe80::1', dst='ff02::16', hop_limit=1, ext_hdrs=[
            ipv6.hop_opts(nxt=58, size=0, data=[
                ipv6.option(type_=5, len_=2, data=b'\x00\x00'),
                ipv6.option(type_=1, len_=0, data=None),
            ])]),
        icmpv6.icmpv6(type_=143, data=icmpv6.mldv2_report(records=[
            icmpv6.mldv2_report_group(type_=4, address='ff05::1:3'),
            icmpv6.mldv2_report_group(type_=1, address='ff05::1:4', srcs=['2001:db8::5'],
                                      aux=b'\xaa\xbb\xcc\xdd'),
        ])))
    yield 'ipv6-frag-udp', pkt(
        eth(0x86dd), ip6(44, ext_hdrs=[ipv6.fragment(nxt=17, offset=0, more=1, id_=0xabcdef)]),
        udp.udp(src_port=1000, dst_port=2000), bytes(range(64)))
    yield 'ipv6-dstopts-auth-tcp', pkt(
        eth(0x86dd), ip6(60, ext_hdrs=[
            ipv6.dst_opts(nxt=51, size=0, data=[
                ipv6.option(type_=0, len_=-1, data=None),
                ipv6.option(type_=1, len_=3, data=b'\x00\x00\x00'),
            ]),
            ipv6.auth(nxt=6, size=4, spi=0x100, seq=5, data=bytes(range(12))),
        ]),
        tcp.tcp(src_port=179, dst_port=30000, bits=tcp.TCP_ACK, window_size=100))
    yield 'ipv6-routing3-udp', pkt(
        eth(0x86dd), ip6(43, ext_hdrs=[
            ipv6.routing_type3(nxt=17, seg=2, cmpi=8, cmpe=8,
                               adrs=['2001:db8::a:b', '::c', '::d']),
        ]),
        udp.udp(src_port=1, dst_port=2), b'rpl!')

    # Tunnels and label stacks.
    yield 'vxlan', pkt(
        eth(0x0800), ip4(17), udp.udp(src_port=49152, dst_port=4789),
        vxlan.vxlan(vni=0x123456),
        eth(0x0806, dst='ff:ff:ff:ff:ff:ff', src='02:00:00:00:00:01'),
        arp.arp(opcode=1, src_mac='02:00:00:00:00:01', src_ip='10.0.0.1',
                dst_mac='00:00:00:00:00:00', dst_ip='10.0.0.2'))
    yield 'gre-ip', pkt(
        eth(0x0800), ip4(47), gre.gre(protocol=0x0800, seq_number=77),
        ip4(1, src='10.1.1.1', dst='10.2.2.2'),
        icmp.icmp(type_=8, data=icmp.echo(id_=1, seq=1, data=b'tunnel')))
    yield 'gre-teb-key', pkt(
        eth(0x0800), ip4(47), gre.nvgre(vsid=0x1234, flow_id=5),
        eth(0x0800, dst='02:00:00:00:00:02', src='02:00:00:00:00:01'),
        ip4(17, src='10.0.0.1', dst='10.0.0.2'), udp.udp(src_port=7, dst_port=9), b'inner')
    yield 'mpls', pkt(
        eth(0x8847), mpls.mpls(label=100, exp=0, bsb=0, ttl=64),
        mpls.mpls(label=200, exp=5, bsb=1, ttl=63), ip4(17), udp.udp(src_port=3, dst_port=4))
    yield 'pbb', pkt(
        eth(0x88a8, dst='01:1e:83:00:00:01'), vlan.svlan(pcp=0, vid=10, ethertype=0x88e7),
        pbb.itag(pcp=3, dei=0, uca=1, sid=0xabcde),
        eth(0x0800, dst='02:00:00:00:00:02', src='02:00:00:00:00:01'),
        ip4(17, src='10.0.0.1', dst='10.0.0.2'), udp.udp(src_port=7, dst_port=9), b'pbb')

    # Spanning tree, LACP, LLDP.
    stp_dst = '01:80:c2:00:00:00'
    yield 'stp-config', pkt(
        ethernet.ethernet(dst=stp_dst, src=MAC1, ethertype=38),
        llc.llc(llc.SAP_BPDU, llc.SAP_BPDU, llc.ControlFormatU()),
        bpdu.ConfigurationBPDUs(flags=1, root_priority=4096, root_system_id_extension=1,
                                root_mac_address=MAC2, root_path_cost=20000,
                                bridge_priority=32768, bridge_system_id_extension=1,
                                bridge_mac_address=MAC1, port_priority=128, port_number=3,
                                message_age=1, max_age=20, hello_time=2, forward_delay=15))
    yield 'stp-tcn', pkt(
        ethernet.ethernet(dst=stp_dst, src=MAC1, ethertype=7),
        llc.llc(llc.SAP_BPDU, llc.SAP_BPDU, llc.ControlFormatU()),
        bpdu.TopologyChangeNotificationBPDUs())
    yield 'rstp', pkt(
        ethernet.ethernet(dst=stp_dst, src=MAC1, ethertype=39),
        llc.llc(llc.SAP_BPDU, llc.SAP_BPDU, llc.ControlFormatU()),
        bpdu.RstBPDUs(flags=0x7c, root_priority=32768, root_mac_address=MAC2,
                      root_path_cost=4, bridge_priority=61440, bridge_mac_address=MAC1,
                      port_priority=240, port_number=4095, message_age=3, max_age=6,
                      hello_time=1, forward_delay=4))
    yield 'llc-i-format', pkt(
        ethernet.ethernet(dst=MAC2, src=MAC1, ethertype=8),
        llc.llc(0xaa, 0xab, llc.ControlFormatI(send_sequence_number=5, pf_bit=0,
                                               receive_sequence_number=9)),
        b'\x01\x02\x03\x04')
    yield 'lacp', pkt(
        ethernet.ethernet(dst=slow.SLOW_PROTOCOL_MULTICAST, src=MAC1, ethertype=0x8809),
        slow.lacp(actor_system_priority=65534, actor_system=MAC1, actor_key=1,
                  actor_port_priority=255, actor_port=2, actor_state_activity=1,
                  actor_state_timeout=1, actor_state_aggregation=1,
                  actor_state_synchronization=1, actor_state_collecting=1,
                  actor_state_distributing=1, actor_state_defaulted=0,
                  actor_state_expired=0, partner_system_priority=32768,
                  partner_system=MAC2, partner_key=17, partner_port_priority=128,
                  partner_port=5, partner_state_activity=0, partner_state_timeout=0,
                  partner_state_aggregation=1, partner_state_synchronization=0,
                  partner_state_collecting=0, partner_state_distributing=0,
                  partner_state_defaulted=1, partner_state_expired=1,
                  collector_max_delay=0))
    yield 'lldp', pkt(
        ethernet.ethernet(dst=lldp.LLDP_MAC_NEAREST_BRIDGE, src=MAC1, ethertype=0x88cc),
        lldp.lldp(tlvs=[
            lldp.ChassisID(subtype=lldp.ChassisID.SUB_MAC_ADDRESS,
                           chassis_id=bytes.fromhex('0ae41cd13e43')),
            lldp.PortID(subtype=lldp.PortID.SUB_INTERFACE_NAME, port_id=b'eth0'),
            lldp.TTL(ttl=120),
            lldp.PortDescription(port_description=b'uplink port'),
            lldp.SystemName(system_name=b'switch-1'),
            lldp.SystemDescription(system_description=b'ofmanager test switch'),
            lldp.SystemCapabilities(system_cap=0x14, enabled_cap=0x04),
            lldp.ManagementAddress(addr_subtype=1, addr=bytes([192, 0, 2, 1]),
                                   intf_subtype=2, intf_num=3, oid=b'\x2b\x06\x01'),
            lldp.OrganizationallySpecific(oui=b'\x00\x12\x0f', subtype=1,
                                          info=b'\x03\x6c\x03\x00\x10'),
            lldp.End(),
        ]))

    # DHCP.
    yield 'dhcp-discover', pkt(
        eth(0x0800, dst='ff:ff:ff:ff:ff:ff'),
        ip4(17, src='0.0.0.0', dst='255.255.255.255'),
        udp.udp(src_port=68, dst_port=67),
        dhcp.dhcp(op=1, chaddr=MAC1, xid=0x3903f326, flags=0x8000,
                  options=dhcp.options(option_list=[
                      dhcp.option(tag=53, value=b'\x01'),
                      dhcp.option(tag=55, value=b'\x01\x03\x06\x0f'),
                      dhcp.option(tag=12, value=b'host1'),
                  ])))
    yield 'dhcp-offer', pkt(
        eth(0x0800, dst=MAC1, src=MAC2),
        ip4(17, src='192.0.2.1', dst='192.0.2.50'),
        udp.udp(src_port=67, dst_port=68),
        dhcp.dhcp(op=2, chaddr=MAC1, xid=0x3903f326, yiaddr='192.0.2.50',
                  siaddr='192.0.2.1', sname='boot-server', boot_file='pxelinux.0',
                  options=dhcp.options(option_list=[
                      dhcp.option(tag=53, value=b'\x02'),
                      dhcp.option(tag=1, value=b'\xff\xff\xff\x00'),
                      dhcp.option(tag=51, value=b'\x00\x00\x0e\x10'),
                  ])))

    # VRRP.
    yield 'vrrpv2', pkt(
        eth(0x0800, dst='01:00:5e:00:00:12', src='00:00:5e:00:01:01'),
        ip4(112, src='192.0.2.1', dst='224.0.0.18'),
        vrrp.vrrpv2.create(1, 1, 100, 1, ['192.0.2.10', '192.0.2.11']))
    yield 'vrrpv3-ipv4', pkt(
        eth(0x0800, dst='01:00:5e:00:00:12', src='00:00:5e:00:01:07'),
        ip4(112, src='192.0.2.1', dst='224.0.0.18'),
        vrrp.vrrpv3.create(1, 7, 200, 100, ['192.0.2.10']))
    yield 'vrrpv3-ipv6', pkt(
        eth(0x86dd, dst='33:33:00:00:00:12', src='00:00:5e:00:02:07'),
        ip6(112, src='fe80::1', dst='ff02::12'),
        vrrp.vrrpv3.create(1, 7, 255, 50, ['fe80::7', '2001:db8::7']))

    # SCTP (the checksum is given: os-ken's own CRC is computed over the
    # wrong bytes under Python 3).
    yield 'sctp-data', pkt(
        eth(0x0800), ip4(132),
        sctp.sctp(src_port=5000, dst_port=6000, vtag=0x1234, csum=0x11223344, chunks=[
            sctp.chunk_data(unordered=1, begin=1, end=1, tsn=100, sid=1, seq=2,
                            payload_id=46, payload_data=b'abcdefgh'),
            sctp.chunk_sack(tsn_ack=99, a_rwnd=65536, gapack_num=2, duptsn_num=2,
                            gapacks=[[2, 3], [5, 6]], duptsns=[50, 51]),
        ]))
    yield 'sctp-init', pkt(
        eth(0x0800), ip4(132),
        sctp.sctp(src_port=5000, dst_port=6000, vtag=0, csum=0x01020304, chunks=[
            sctp.chunk_init(init_tag=0xdeadbeef, a_rwnd=106496, os=10, mis=65535,
                            i_tsn=1, params=[
                                sctp.param_ipv4('192.0.2.1'),
                                sctp.param_ipv6('2001:db8::1'),
                                sctp.param_cookie_preserve(value=5000),
                                sctp.param_supported_addr(value=[5, 6]),
                                sctp.param_host_addr(value=b'host\x00\x00\x00\x00'),
                                sctp.param_ecn(),
                            ]),
        ]))
    yield 'sctp-init-ack', pkt(
        eth(0x86dd), ip6(132),
        sctp.sctp(src_port=6000, dst_port=5000, vtag=0xdeadbeef, csum=0x0a0b0c0d, chunks=[
            sctp.chunk_init_ack(init_tag=0x11111111, a_rwnd=106496, os=10, mis=10,
                                i_tsn=7, params=[
                                    sctp.param_state_cookie(value=b'cookie!!'),
                                    sctp.param_unrecognized_param(value=b'\x80\x05\x00\x04'),
                                ]),
        ]))
    yield 'sctp-control', pkt(
        eth(0x0800), ip4(132),
        sctp.sctp(src_port=1, dst_port=2, vtag=3, csum=0x55667788, chunks=[
            sctp.chunk_heartbeat(info=sctp.param_heartbeat(value=b'\x01\x02\x03\x04')),
            sctp.chunk_heartbeat_ack(info=sctp.param_heartbeat(value=b'\x05\x06\x07\x08')),
            sctp.chunk_shutdown(tsn_ack=1000),
            sctp.chunk_shutdown_ack(),
            sctp.chunk_cookie_echo(cookie=b'cookie!!'),
            sctp.chunk_cookie_ack(),
            sctp.chunk_ecn_echo(low_tsn=77),
            sctp.chunk_cwr(low_tsn=78),
            sctp.chunk_shutdown_complete(tflag=1),
        ]))
    yield 'sctp-abort-error', pkt(
        eth(0x0800), ip4(132),
        sctp.sctp(src_port=1, dst_port=2, vtag=3, csum=0x99aabbcc, chunks=[
            sctp.chunk_abort(tflag=0, causes=[
                sctp.cause_invalid_stream_id(value=4),
                sctp.cause_missing_param(types=[5, 6, 7]),
                sctp.cause_stale_cookie(value=b'\x00\x00\x01\x00'),
                sctp.cause_out_of_resource(),
                sctp.cause_unresolvable_addr(value=sctp.param_ipv4('192.0.2.7')),
                sctp.cause_unrecognized_chunk(value=b'\xff\x00\x00\x04'),
                sctp.cause_invalid_param(),
            ]),
            sctp.chunk_error(causes=[
                sctp.cause_unrecognized_param(value=b'\x80\x05\x00\x04'),
                sctp.cause_no_userdata(value=b'\x00\x00\x00\x09'),
                sctp.cause_cookie_while_shutdown(),
                sctp.cause_restart_with_new_addr(value=[sctp.param_ipv4('192.0.2.8')]),
                sctp.cause_user_initiated_abort(value=b'bye!'),
                sctp.cause_protocol_violation(value=b'oops'),
            ]),
        ]))


# Frames that cannot be rebuilt from Ryu's JSON, and why.
NO_BUILD = {
    'gre-teb-key': "Ryu's gre keeps the key as a property, left out of its JSON",
}


def strip_known(ours, ref):
    """Removes what libofm adds on purpose (GRE's key, which Ryu keeps
    only as a property and so leaves out of its JSON)."""
    if isinstance(ours, dict) and isinstance(ref, dict):
        if 'gre' in ours and 'gre' in ref and 'key' not in ref['gre']:
            ours['gre'].pop('key', None)
        for k in ours:
            if k in ref:
                strip_known(ours[k], ref[k])
    elif isinstance(ours, list) and isinstance(ref, list):
        for a, b in zip(ours, ref):
            strip_known(a, b)


def diff(a, b, path='$'):
    """Yields the paths where JSON values a and b differ."""
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a:
                yield '%s.%s: missing in libofm (os-ken: %r)' % (path, k, b[k])
            elif k not in b:
                yield '%s.%s: extra in libofm (%r)' % (path, k, a[k])
            else:
                yield from diff(a[k], b[k], '%s.%s' % (path, k))
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            yield '%s: %d items in libofm, %d in os-ken' % (path, len(a), len(b))
        for i, (x, y) in enumerate(zip(a, b)):
            yield from diff(x, y, '%s[%d]' % (path, i))
    elif a != b or type(a) is bool or type(b) is bool:
        if not (a == b and type(a) == type(b)):
            yield '%s: libofm %r, os-ken %r' % (path, a, b)


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    if sys.argv[1] == '--dump-corpus':
        for name, p in frames():
            p.serialize()
            with open('%s/%s.bin' % (sys.argv[2], name), 'wb') as f:
                f.write(bytes(p.data))
        return 0
    ofdump = Ofdump(sys.argv[1])
    verbose = '-v' in sys.argv[2:]

    cases = []
    for name, p in frames():
        p.serialize()
        data = bytes(p.data)
        ref = packet.Packet(data)
        cases.append((name, data, ref))

    datas = [data for _, data, _ in cases]
    refs = [json.loads(json.dumps(ref.to_jsondict())) for _, _, ref in cases]
    decoded = ofdump.decode(datas)
    texts = ofdump.decode(datas, text=True)
    built_ref = ofdump.build(refs)
    # ofdump's own JSON back into frames.
    own = []
    for line, _ in decoded:
        try:
            own.append(json.loads(line))
        except ValueError:
            own.append({})
    built_own = ofdump.build(own)

    failures = 0
    for i, (name, data, ref) in enumerate(cases):
        (j_out, j_probs), (t_out, t_probs) = decoded[i], texts[i]
        problems = ['ofdump --frame: ' + p for p in j_probs + t_probs]
        try:
            ours = json.loads(j_out)
        except ValueError:
            ours = None
            problems.append('json: not JSON: %s' % j_out)
        if ours is not None:
            want = refs[i]
            strip_known(ours, want)
            problems += ['json ' + d for d in diff(ours, want)]
        ref_text = str(ref)
        t_norm = re.sub(r'(gre\([^)]*?)key=(None|\d+),', r'\1', t_out)
        if t_norm != ref_text:
            problems.append('text: libofm  %s\n          os-ken  %s' % (t_out, ref_text))
        b = built_ref[i]
        if isinstance(b, str):
            problems.append('build from os-ken JSON: %s' % b)
        elif b != data and name not in NO_BUILD:
            problems.append('build from os-ken JSON: %s\n          want %s'
                            % (b.hex(), data.hex()))
        b = built_own[i]
        if isinstance(b, str):
            problems.append('build from libofm JSON: %s' % b)
        elif b != data:
            problems.append('build from libofm JSON: %s\n          want %s'
                            % (b.hex(), data.hex()))
        protos = ','.join(p.protocol_name if hasattr(p, 'protocol_name') else 'payload'
                          for p in ref.protocols)
        if problems:
            failures += 1
            print('FAIL %s (%s)' % (name, protos))
            for pr in problems:
                print('    ' + pr)
        elif verbose:
            print('ok   %s (%s)' % (name, protos))
    print('%d frames, %d failed' % (len(cases), failures))
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
