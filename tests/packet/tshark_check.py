#!/usr/bin/python3
"""Checks libofm's packet library against Wireshark's dissectors (tshark).

Part 1: frames built by libofm through ofdump (`ofdump --build --pcap`,
from JSON specs whose lengths and checksums are left 0 so that the library
computes them) are dissected by tshark with checksum validation on; no
frame may show a malformed-packet or bad-checksum warning, and the listed
fields must have the listed values (including checksum status "good").
The capture ofdump writes must hold the frames `ofdump --build --hex`
gives.

Part 2: frames made by another tool (scapy, Debian package python3-scapy)
are written to a pcap capture and decoded by `ofdump --frame`; the values
it reports must be the ones tshark reports.

Usage: tshark_check.py OFDUMP [-v] [-k]   (-k keeps the pcap files)
Exit status 0 when everything matches, 1 otherwise (differences printed).
"""

import json
import os
import re
import struct
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ofdump_tool import Ofdump  # noqa: E402

MAC1 = '0a:e4:1c:d1:3e:43'
MAC2 = '0a:e4:1c:d1:3e:44'
GOOD = '1'                      # tshark's checksum status "Good".


def e(ethertype=0, dst=MAC2, src=MAC1):
    return {'ethernet': {'dst': dst, 'src': src, 'ethertype': ethertype}}


def ip4(proto=0, src='192.0.2.99', dst='192.0.2.9', **kw):
    f = {'src': src, 'dst': dst, 'proto': proto, 'ttl': 64, 'csum': 0,
         'total_length': 0, 'header_length': 0}
    f.update(kw)
    return {'ipv4': f}


def ip6(nxt, src='2001:db8::1', dst='2001:db8::2', **kw):
    f = {'src': src, 'dst': dst, 'nxt': nxt, 'hop_limit': 64, 'payload_length': 0}
    f.update(kw)
    return {'ipv6': f}


def b64(data):
    import base64
    return base64.b64encode(data).decode()


def csum(data):
    if len(data) % 2:
        data += b'\0'
    s = sum(struct.unpack('!%dH' % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def inner_datagram():
    """The start of a UDP datagram quoted in an ICMP error, checksums right."""
    ip = bytearray.fromhex('4500001c000100004011' '0000' 'c0000209' 'c0000263')
    struct.pack_into('!H', ip, 10, csum(bytes(ip)))
    udp = bytearray.fromhex('0035d431' '0008' '0000')
    pseudo = bytes(ip[12:20]) + b'\0\x11\0\x08'
    struct.pack_into('!H', udp, 6, csum(pseudo + bytes(udp)))
    return bytes(ip + udp)


# (name, protocols, {tshark field: expected value}).  Lengths and checksums
# are 0 in the specs: the library fills them in.
CASES = [
    ('arp', [e(dst='ff:ff:ff:ff:ff:ff'), {'arp': {
        'opcode': 1, 'src_mac': MAC1, 'src_ip': '192.0.2.99',
        'dst_mac': '00:00:00:00:00:00', 'dst_ip': '192.0.2.9'}}],
     {'eth.type': '0x0806', 'arp.opcode': '1', 'arp.src.hw_mac': MAC1,
      'arp.src.proto_ipv4': '192.0.2.99', 'arp.dst.proto_ipv4': '192.0.2.9',
      'eth.padding': '00' * 18}),
    ('icmp-echo', [e(), ip4(identification=7), {'icmp': {
        'type': 8, 'code': 0, 'csum': 0,
        'data': {'echo': {'id': 0x1234, 'seq': 3, 'data': b64(bytes(range(48)))}}}}],
     {'eth.type': '0x0800', 'ip.len': '76', 'ip.hdr_len': '20', 'ip.proto': '1',
      'ip.checksum.status': GOOD, 'icmp.type': '8', 'icmp.ident': '4660',
      'icmp.seq': '3', 'icmp.checksum.status': GOOD}),
    ('icmp-unreach', [e(), ip4(), {'icmp': {
        'type': 3, 'code': 3, 'csum': 0, 'data': {'dest_unreach': {
            'data_len': 0, 'mtu': 0,
            'data': b64(inner_datagram())}}}}],
     {'icmp.type': '3', 'icmp.code': '3', 'icmp.checksum.status': GOOD,
      'ip.checksum.status': GOOD + ',' + GOOD, 'udp.checksum.status': GOOD}),
    ('igmpv2-ra', [e(dst='01:00:5e:01:02:03'),
                   ip4(dst='239.1.2.3', ttl=1, option=b64(b'\x94\x04\x00\x00')),
                   {'igmp': {'msgtype': 0x16, 'maxresp': 0, 'csum': 0,
                             'address': '239.1.2.3'}}],
     {'ip.hdr_len': '24', 'ip.opt.type': '148', 'ip.checksum.status': GOOD,
      'igmp.type': '0x16', 'igmp.maddr': '239.1.2.3', 'igmp.checksum.status': GOOD}),
    ('igmpv3-query', [e(dst='01:00:5e:00:00:01'), ip4(dst='224.0.0.1', ttl=1),
                      {'igmpv3_query': {'maxresp': 100, 'address': '239.1.1.1',
                                        's_flg': 1, 'qrv': 2, 'qqic': 125, 'num': 0,
                                        'csum': 0, 'srcs': ['192.0.2.1', '192.0.2.2']}}],
     {'igmp.version': '3', 'igmp.num_src': '2', 'igmp.qqic': '125',
      'igmp.checksum.status': GOOD}),
    ('igmpv3-report', [e(dst='01:00:5e:00:00:16'), ip4(dst='224.0.0.22', ttl=1),
                       {'igmpv3_report': {'csum': 0, 'record_num': 0, 'records': [
                           {'igmpv3_report_group': {'type': 1, 'address': '239.1.1.1',
                                                    'srcs': ['192.0.2.5']}},
                           {'igmpv3_report_group': {'type': 4, 'address': '239.2.2.2',
                                                    'aux': b64(b'\x01\x02\x03\x04')}}]}}],
     {'igmp.type': '0x22', 'igmp.num_grp_recs': '2', 'igmp.checksum.status': GOOD}),
    ('vlan-udp', [e(), {'vlan': {'pcp': 5, 'cfi': 0, 'vid': 100, 'ethertype': 0}},
                  ip4(), {'udp': {'src_port': 40000, 'dst_port': 9}},
                  b64(b'hello, world')],
     {'eth.type': '0x8100', 'vlan.id': '100', 'vlan.priority': '5', 'vlan.etype': '0x0800',
      'udp.length': '20', 'udp.checksum.status': GOOD, 'ip.checksum.status': GOOD}),
    ('qinq-tcp-syn', [e(), {'svlan': {'pcp': 1, 'vid': 20, 'ethertype': 0}},
                      {'vlan': {'pcp': 3, 'vid': 300, 'ethertype': 0}}, ip4(flags=2),
                      {'tcp': {'src_port': 40000, 'dst_port': 80, 'seq': 1, 'bits': 2,
                               'window_size': 64240, 'option': [
                                   {'TCPOptionMaximumSegmentSize': {'max_seg_size': 1460}},
                                   {'TCPOptionSACKPermitted': {}},
                                   {'TCPOptionTimestamps': {'ts_val': 123456, 'ts_ecr': 0}},
                                   {'TCPOptionNoOperation': {}},
                                   {'TCPOptionWindowScale': {'shift_cnt': 7}}]}}],
     {'eth.type': '0x88a8', 'ieee8021ad.id': '20', 'vlan.id': '300',
      'tcp.hdr_len': '40', 'tcp.options.mss_val': '1460',
      'tcp.options.wscale.shift': '7', 'tcp.options.timestamp.tsval': '123456',
      'tcp.flags.syn': '1', 'tcp.checksum.status': GOOD}),
    ('tcp-data', [e(), ip4(), {'tcp': {'src_port': 80, 'dst_port': 40000, 'seq': 1000,
                                       'ack': 2000, 'bits': 0x18, 'window_size': 501}},
                  b64(b'HTTP/1.0 200 OK\r\n\r\nodd')],
     {'tcp.len': '22', 'tcp.hdr_len': '20', 'tcp.checksum.status': GOOD,
      'tcp.flags.push': '1'}),
    ('icmpv6-echo', [e(0x86dd), ip6(58, flow_label=0x12345, traffic_class=0x20),
                     {'icmpv6': {'type': 128, 'data': {'echo': {
                         'id': 1, 'seq': 2, 'data': b64(b'ping6')}}}}],
     {'ipv6.plen': '13', 'ipv6.flow': '0x012345', 'icmpv6.type': '128',
      'icmpv6.echo.identifier': '0x0001', 'icmpv6.checksum.status': GOOD}),
    ('nd-solicit', [e(dst='33:33:ff:00:00:02'), ip6(58, dst='ff02::1:ff00:2', hop_limit=255),
                    {'icmpv6': {'type': 135, 'data': {'nd_neighbor': {
                        'dst': '2001:db8::2',
                        'option': {'nd_option_sla': {'hw_src': MAC1}}}}}}],
     {'icmpv6.nd.ns.target_address': '2001:db8::2', 'icmpv6.opt.linkaddr': MAC1,
      'icmpv6.checksum.status': GOOD}),
    ('router-advert', [e(dst='33:33:00:00:00:01'), ip6(58, src='fe80::1', dst='ff02::1',
                                                       hop_limit=255),
                       {'icmpv6': {'type': 134, 'data': {'nd_router_advert': {
                           'ch_l': 64, 'res': 2, 'rou_l': 1800, 'rea_t': 30000,
                           'ret_t': 1000, 'options': [
                               {'nd_option_pi': {'pl': 64, 'res1': 6, 'val_l': 86400,
                                                 'pre_l': 14400, 'prefix': '2001:db8:1::'}},
                               {'nd_option_mtu': {'mtu': 1500}},
                               {'nd_option_sla': {'hw_src': MAC1}}]}}}}],
     {'icmpv6.nd.ra.router_lifetime': '1800', 'icmpv6.opt.prefix': '2001:db8:1::',
      'icmpv6.opt.mtu': '1500', 'icmpv6.opt.linkaddr': MAC1,
      'icmpv6.checksum.status': GOOD}),
    ('mldv2-report-hbh', [e(dst='33:33:00:00:00:16'),
                          ip6(0, src='fe80::1', dst='ff02::16', hop_limit=1, ext_hdrs=[
                              {'hop_opts': {'nxt': 58, 'size': 0, 'data': [
                                  {'option': {'type': 5, 'len': 2, 'data': b64(b'\0\0')}},
                                  {'option': {'type': 1, 'len': 0, 'data': None}}]}}]),
                          {'icmpv6': {'type': 143, 'data': {'mldv2_report': {'records': [
                              {'mldv2_report_group': {'type': 4, 'address': 'ff05::1:3'}},
                              {'mldv2_report_group': {'type': 1, 'address': 'ff05::1:4',
                                                      'srcs': ['2001:db8::5']}}]}}}}],
     {'ipv6.nxt': '0', 'ipv6.hopopts.len_oct': '8', 'icmpv6.type': '143',
      'icmpv6.mldr.nb_mcast_records': '2', 'icmpv6.checksum.status': GOOD}),
    ('ipv6-frag-udp', [e(0x86dd), ip6(44, ext_hdrs=[{'fragment': {
                           'nxt': 17, 'offset': 0, 'more': 1, 'id': 0xabcdef}}]),
                       {'udp': {'src_port': 1000, 'dst_port': 2000}}, b64(bytes(range(64)))],
     {'ipv6.fraghdr.ident': '0x00abcdef', 'ipv6.fraghdr.more': '1', 'ipv6.plen': '80'}),
    ('ipv6-dstopts-tcp', [e(0x86dd), ip6(60, ext_hdrs=[{'dst_opts': {
                              'nxt': 6, 'size': 0, 'data': [
                                  {'option': {'type': 0, 'len': -1, 'data': None}},
                                  {'option': {'type': 1, 'len': 3, 'data': b64(b'\0\0\0')}}]}}]),
                          {'tcp': {'src_port': 179, 'dst_port': 30000, 'bits': 0x10,
                                   'window_size': 100}}],
     {'ipv6.dstopts.nxt': '6', 'tcp.srcport': '179', 'tcp.checksum.status': GOOD}),
    ('dhcp-discover', [e(dst='ff:ff:ff:ff:ff:ff'),
                       ip4(src='0.0.0.0', dst='255.255.255.255'),
                       {'udp': {'src_port': 68, 'dst_port': 67}},
                       {'dhcp': {'op': 1, 'htype': 1, 'hlen': 6, 'chaddr': MAC1,
                                 'xid': 0x3903f326, 'flags': 0x8000,
                                 'options': {'options': {'option_list': [
                                     {'option': {'tag': 53, 'value': b64(b'\x01')}},
                                     {'option': {'tag': 55, 'value': b64(b'\x01\x03\x06\x0f')}},
                                     {'option': {'tag': 12, 'value': b64(b'host1')}}]}}}}],
     {'dhcp.type': '1', 'dhcp.hw.mac_addr': MAC1, 'dhcp.id': '0x3903f326',
      'dhcp.option.dhcp': '1', 'dhcp.option.hostname': 'host1',
      'udp.checksum.status': GOOD}),
    ('vxlan-arp', [e(), ip4(), {'udp': {'src_port': 49152, 'dst_port': 4789}},
                   {'vxlan': {'vni': 0x123456}},
                   e(dst='ff:ff:ff:ff:ff:ff', src='02:00:00:00:00:01'),
                   {'arp': {'opcode': 1, 'src_mac': '02:00:00:00:00:01',
                            'src_ip': '10.0.0.1', 'dst_mac': '00:00:00:00:00:00',
                            'dst_ip': '10.0.0.2'}}],
     {'vxlan.vni': '1193046', 'arp.src.proto_ipv4': '10.0.0.1',
      'udp.checksum.status': GOOD}),
    ('gre-csum-key-seq', [e(), ip4(), {'gre': {'protocol': 0x0800, 'checksum': 0,
                                               'key': 0x1234, 'seq_number': 77}},
                          ip4(src='10.1.1.1', dst='10.2.2.2'),
                          {'icmp': {'type': 8, 'data': {'echo': {
                              'id': 1, 'seq': 1, 'data': b64(b'tunnel')}}}}],
     {'gre.key': '0x00001234', 'gre.sequence_number': '77', 'gre.proto': '0x0800',
      'gre.checksum.status': GOOD, 'icmp.checksum.status': GOOD}),
    ('gre-teb', [e(), ip4(), {'gre': {'protocol': 0x6558, 'key': 0x123405}},
                 e(dst='02:00:00:00:00:02', src='02:00:00:00:00:01'),
                 ip4(src='10.0.0.1', dst='10.0.0.2'),
                 {'udp': {'src_port': 7, 'dst_port': 9}}, b64(b'inner')],
     {'gre.proto': '0x6558', 'udp.dstport': '9', 'udp.checksum.status': GOOD}),
    ('mpls', [e(), {'mpls': {'label': 100, 'exp': 0, 'bsb': 0, 'ttl': 64}},
              {'mpls': {'label': 200, 'exp': 5, 'bsb': 1, 'ttl': 63}}, ip4(),
              {'udp': {'src_port': 3, 'dst_port': 4}}],
     {'eth.type': '0x8847', 'mpls.label': '100,200', 'mpls.bottom': '0,1',
      'udp.checksum.status': GOOD}),
    ('pbb', [e(dst='01:1e:83:00:00:01'), {'svlan': {'vid': 10, 'ethertype': 0}},
             {'itag': {'pcp': 3, 'dei': 0, 'uca': 1, 'sid': 0xabcde}},
             e(dst='02:00:00:00:00:02', src='02:00:00:00:00:01'),
             ip4(src='10.0.0.1', dst='10.0.0.2'), {'udp': {'src_port': 7, 'dst_port': 9}}],
     {'ieee8021ad.id': '10', 'ieee8021ah.isid': '703710', 'ip.src': '10.0.0.1'}),
    ('stp-config', [e(38, dst='01:80:c2:00:00:00'), {'llc': {}},
                    {'ConfigurationBPDUs': {
                        'flags': 1, 'root_priority': 4096, 'root_system_id_extension': 1,
                        'root_mac_address': MAC2, 'root_path_cost': 20000,
                        'bridge_priority': 32768, 'bridge_system_id_extension': 1,
                        'bridge_mac_address': MAC1, 'port_priority': 128,
                        'port_number': 3, 'message_age': 1, 'max_age': 20,
                        'hello_time': 2, 'forward_delay': 15}}],
     {'stp.type': '0x00', 'stp.root.hw': MAC2, 'stp.root.cost': '20000',
      'stp.bridge.hw': MAC1, 'stp.port': '0x8003', 'stp.max_age': '20',
      'stp.forward': '15', 'stp.flags.tc': '1'}),
    ('stp-tcn', [e(7, dst='01:80:c2:00:00:00'), {'llc': {}},
                 {'TopologyChangeNotificationBPDUs': {}}],
     {'stp.type': '0x80'}),
    ('rstp', [e(39, dst='01:80:c2:00:00:00'), {'llc': {}},
              {'RstBPDUs': {'flags': 0x7c, 'root_priority': 32768, 'root_mac_address': MAC2,
                            'root_path_cost': 4, 'bridge_priority': 61440,
                            'bridge_mac_address': MAC1, 'port_priority': 240,
                            'port_number': 4095, 'message_age': 3, 'max_age': 6,
                            'hello_time': 1, 'forward_delay': 4}}],
     {'stp.version': '2', 'stp.type': '0x02', 'stp.port': '0xffff',
      'stp.flags.port_role': '3', 'stp.version_1_length': '0'}),
    ('lacp', [e(0x8809, dst='01:80:c2:00:00:02'), {'lacp': {
        'actor_system_priority': 65534, 'actor_system': MAC1, 'actor_key': 1,
        'actor_port_priority': 255, 'actor_port': 2, 'actor_state_activity': 1,
        'actor_state_timeout': 1, 'actor_state_aggregation': 1,
        'actor_state_synchronization': 1, 'actor_state_collecting': 1,
        'actor_state_distributing': 1, 'partner_system_priority': 32768,
        'partner_system': MAC2, 'partner_key': 17, 'partner_port_priority': 128,
        'partner_port': 5, 'partner_state_aggregation': 1,
        'partner_state_defaulted': 1, 'partner_state_expired': 1,
        'collector_max_delay': 0}}],
     {'slow.subtype': '0x01', 'lacp.actor.sysid': MAC1, 'lacp.actor.key': '1',
      'lacp.actor.port': '2', 'lacp.actor.state': '0x3f', 'lacp.partner.sysid': MAC2,
      'lacp.partner.state': '0xc4', 'lacp.partner.key': '17'}),
    ('marker', [e(0x8809, dst='01:80:c2:00:00:02'), {'marker': {
        'tlv_type': 1, 'requester_port': 7, 'requester_system': MAC1,
        'requester_transaction_id': 0x01020304}}],
     {'slow.subtype': '0x02', 'marker.requesterPort': '7',
      'marker.requesterSystem': MAC1, 'marker.requesterTransId': '16909060'}),
    ('lldp', [e(0x88cc, dst='01:80:c2:00:00:0e'), {'lldp': {'tlvs': [
        {'ChassisID': {'subtype': 4, 'chassis_id': b64(bytes.fromhex('0ae41cd13e43'))}},
        {'PortID': {'subtype': 5, 'port_id': b64(b'eth0')}},
        {'TTL': {'ttl': 120}},
        {'PortDescription': {'port_description': b64(b'uplink port')}},
        {'SystemName': {'system_name': b64(b'switch-1')}},
        {'SystemDescription': {'system_description': b64(b'ofmanager test switch')}},
        {'SystemCapabilities': {'system_cap': 0x14, 'enabled_cap': 0x04}},
        {'ManagementAddress': {'addr_subtype': 1, 'addr': b64(bytes([192, 0, 2, 1])),
                               'intf_subtype': 2, 'intf_num': 3, 'oid': b64(b'\x2b\x06\x01')}},
        {'OrganizationallySpecific': {'oui': b64(b'\x00\x12\x0f'), 'subtype': 1,
                                      'info': b64(b'\x03\x6c\x03\x00\x10')}},
        {'End': {}}]}}],
     {'lldp.chassis.id.mac': MAC1, 'lldp.port.id': 'eth0', 'lldp.time_to_live': '120',
      'lldp.tlv.system.name': 'switch-1', 'lldp.mgn.addr.ip4': '192.0.2.1',
      'lldp.tlv.enable_system_cap': '0x0004'}),
    ('vrrpv2', [e(dst='01:00:5e:00:00:12', src='00:00:5e:00:01:01'),
                ip4(src='192.0.2.1', dst='224.0.0.18', ttl=255),
                {'vrrpv2': {'vrid': 1, 'priority': 100, 'max_adver_int': 1, 'type': 1,
                            'ip_addresses': ['192.0.2.10', '192.0.2.11']}}],
     {'vrrp.version': '2', 'vrrp.virt_rtr_id': '1', 'vrrp.prio': '100',
      'vrrp.addr_count': '2', 'vrrp.ip_addr': '192.0.2.10,192.0.2.11',
      'vrrp.checksum.status': GOOD}),
    ('vrrpv3-ipv6', [e(dst='33:33:00:00:00:12', src='00:00:5e:00:02:07'),
                     ip6(112, src='fe80::1', dst='ff02::12', hop_limit=255),
                     {'vrrpv3': {'vrid': 7, 'priority': 255, 'max_adver_int': 50, 'type': 1,
                                 'ip_addresses': ['fe80::7', '2001:db8::7']}}],
     {'vrrp.version': '3', 'vrrp.virt_rtr_id': '7', 'vrrp.ipv6_addr': 'fe80::7,2001:db8::7',
      'vrrp.checksum.status': GOOD}),
    ('sctp-data-sack', [e(), ip4(), {'sctp': {'src_port': 5000, 'dst_port': 6000,
                                              'vtag': 0x1234, 'csum': 0, 'chunks': [
        {'chunk_data': {'unordered': 1, 'begin': 1, 'end': 1, 'tsn': 100, 'sid': 1,
                        'seq': 2, 'payload_id': 46, 'payload_data': b64(b'abcdefg')}},
        {'chunk_sack': {'tsn_ack': 99, 'a_rwnd': 65536, 'gapacks': [[2, 3], [5, 6]],
                        'duptsns': [50, 51]}}]}}],
     {'sctp.srcport': '5000', 'sctp.verification_tag': '0x00001234',
      'sctp.checksum.status': GOOD, 'sctp.data_tsn_raw': '100', 'sctp.data_payload_proto_id': '46',
      'sctp.sack_number_of_gap_blocks': '2', 'sctp.sack_number_of_duplicated_tsns': '2'}),
    ('sctp-init-ipv6', [e(0x86dd), ip6(132), {'sctp': {'src_port': 5000, 'dst_port': 6000,
                                                       'chunks': [
        {'chunk_init': {'init_tag': 0xdeadbeef, 'a_rwnd': 106496, 'os': 10, 'mis': 65535,
                        'i_tsn': 1, 'params': [
                            {'param_ipv4': {'value': '192.0.2.1'}},
                            {'param_ipv6': {'value': '2001:db8::1'}},
                            {'param_cookie_preserve': {'value': 5000}},
                            {'param_supported_addr': {'value': [5, 6]}},
                            {'param_ecn': {'value': None}}]}}]}}],
     {'sctp.init_initiate_tag': '0xdeadbeef', 'sctp.parameter_ipv4_address': '192.0.2.1',
      'sctp.parameter_ipv6_address': '2001:db8::1', 'sctp.checksum.status': GOOD}),
    ('sctp-abort', [e(), ip4(), {'sctp': {'src_port': 1, 'dst_port': 2, 'vtag': 3,
                                          'chunks': [
        {'chunk_abort': {'tflag': 0, 'causes': [
            {'cause_invalid_stream_id': {'value': 4}},
            {'cause_missing_param': {'types': [5, 6, 7]}},
            {'cause_user_initiated_abort': {'value': b64(b'bye')}}]}},
        {'chunk_shutdown_complete': {'tflag': 1}}]}}],
     {'sctp.cause_stream_identifier': '4', 'sctp.cause_nr_of_missing_parameters': '3',
      'sctp.checksum.status': GOOD}),
]

# Part 2: frames from scapy.  (name, scapy expression, {tshark field:
# libofm JSON path}); a path is "proto.field" into the first header of that
# class, with "proto#2" for the second one; "field#2" is the second value
# tshark shows for the field.
SCAPY_CASES = [
    ('s-arp', "Ether(dst='ff:ff:ff:ff:ff:ff', src='02:00:00:00:00:01')/ARP(op=1, "
     "hwsrc='02:00:00:00:00:01', psrc='10.0.0.1', pdst='10.0.0.2')",
     {'arp.opcode': 'arp.opcode', 'arp.src.hw_mac': 'arp.src_mac',
      'arp.src.proto_ipv4': 'arp.src_ip', 'arp.dst.proto_ipv4': 'arp.dst_ip'}),
    ('s-icmp', "Ether()/IP(src='10.0.0.1', dst='10.0.0.2', id=99, flags='DF', ttl=17)/"
     "ICMP(type=8, id=77, seq=5)/Raw(b'abcdefgh')",
     {'ip.src': 'ipv4.src', 'ip.dst': 'ipv4.dst', 'ip.id': 'ipv4.identification',
      'ip.ttl': 'ipv4.ttl', 'ip.checksum': 'ipv4.csum', 'ip.len': 'ipv4.total_length',
      'icmp.type': 'icmp.type', 'icmp.checksum': 'icmp.csum', 'icmp.ident': 'icmp.data.echo.id',
      'icmp.seq': 'icmp.data.echo.seq'}),
    ('s-tcp', "Ether()/Dot1Q(vlan=42, prio=6)/IP(src='10.0.0.1', dst='10.0.0.2')/"
     "TCP(sport=1234, dport=80, seq=1000, ack=0, flags='S', window=8192, "
     "options=[('MSS', 1400), ('NOP', None), ('WScale', 3), ('SAckOK', b'')])",
     {'vlan.id': 'vlan.vid', 'vlan.priority': 'vlan.pcp', 'tcp.srcport': 'tcp.src_port',
      'tcp.dstport': 'tcp.dst_port', 'tcp.seq_raw': 'tcp.seq', 'tcp.window_size_value':
      'tcp.window_size', 'tcp.checksum': 'tcp.csum', 'tcp.options.mss_val':
      'tcp.option[0].TCPOptionMaximumSegmentSize.max_seg_size',
      'tcp.options.wscale.shift': 'tcp.option[2].TCPOptionWindowScale.shift_cnt'}),
    ('s-udp-dns', "Ether()/IP(src='10.0.0.1', dst='10.0.0.2')/UDP(sport=5353, dport=53)/"
     "DNS(rd=1, qd=DNSQR(qname='example.com'))",
     {'udp.srcport': 'udp.src_port', 'udp.dstport': 'udp.dst_port',
      'udp.length': 'udp.total_length', 'udp.checksum': 'udp.csum'}),
    ('s-ipv6-ns', "Ether()/IPv6(src='fe80::1', dst='ff02::1:ff00:2', hlim=255)/"
     "ICMPv6ND_NS(tgt='fe80::2')/ICMPv6NDOptSrcLLAddr(lladdr='02:00:00:00:00:01')",
     {'ipv6.src': 'ipv6.src', 'ipv6.dst': 'ipv6.dst', 'ipv6.plen': 'ipv6.payload_length',
      'icmpv6.type': 'icmpv6.type', 'icmpv6.checksum': 'icmpv6.csum',
      'icmpv6.nd.ns.target_address': 'icmpv6.data.nd_neighbor.dst',
      'icmpv6.opt.linkaddr': 'icmpv6.data.nd_neighbor.option.nd_option_sla.hw_src'}),
    ('s-dhcp', "Ether(src='02:00:00:00:00:01', dst='ff:ff:ff:ff:ff:ff')/"
     "IP(src='0.0.0.0', dst='255.255.255.255')/UDP(sport=68, dport=67)/"
     "BOOTP(chaddr=bytes.fromhex('020000000001'), xid=0x1234)/"
     "DHCP(options=[('message-type', 'discover'), 'end'])",
     {'dhcp.id': 'dhcp.xid', 'dhcp.hw.mac_addr': 'dhcp.chaddr', 'dhcp.type': 'dhcp.op'}),
    ('s-gre', "Ether()/IP(src='192.0.2.1', dst='192.0.2.2')/GRE(key_present=1, key=4660)/"
     "IP(src='10.0.0.1', dst='10.0.0.2')/ICMP()",
     {'gre.key': 'gre.key', 'gre.proto': 'gre.protocol', 'ip.src#2': 'ipv4#2.src'}),
    ('s-vxlan', "Ether()/IP(src='192.0.2.1', dst='192.0.2.2')/UDP(sport=1111, dport=4789)/"
     "VXLAN(vni=5000)/Ether(src='02:00:00:00:00:0a', dst='02:00:00:00:00:0b')/"
     "IP(src='10.0.0.1', dst='10.0.0.2')/UDP(sport=1, dport=2)",
     {'vxlan.vni': 'vxlan.vni', 'udp.srcport': 'udp.src_port', 'eth.src#2': 'ethernet#2.src'}),
    ('s-stp', "Dot3(dst='01:80:c2:00:00:00', src='02:00:00:00:00:01')/LLC()/"
     "STP(rootid=32768, rootmac='02:00:00:00:00:09', pathcost=19, bridgeid=32768, "
     "bridgemac='02:00:00:00:00:01', portid=0x8002, age=1, maxage=20, hellotime=2, fwddelay=15)",
     {'stp.root.hw': 'ConfigurationBPDUs.root_mac_address',
      'stp.root.cost': 'ConfigurationBPDUs.root_path_cost',
      'stp.bridge.hw': 'ConfigurationBPDUs.bridge_mac_address',
      'stp.max_age': 'ConfigurationBPDUs.max_age'}),
    ('s-lldp', "Ether(dst='01:80:c2:00:00:0e', src='02:00:00:00:00:01')/"
     "LLDPDUChassisID(subtype=4, id='02:00:00:00:00:01')/"
     "LLDPDUPortID(subtype=7, id='port-1')/LLDPDUTimeToLive(ttl=60)/"
     "LLDPDUSystemName(system_name='sw')/LLDPDUEndOfLLDPDU()",
     {'lldp.time_to_live': 'lldp.tlvs[2].TTL.ttl'}),
    ('s-vrrp', "Ether()/IP(src='192.0.2.1', dst='224.0.0.18', ttl=255)/"
     "VRRP(vrid=3, priority=150, addrlist=['192.0.2.50'])",
     {'vrrp.virt_rtr_id': 'vrrpv2.vrid', 'vrrp.prio': 'vrrpv2.priority',
      'vrrp.checksum': 'vrrpv2.checksum'}),
    ('s-sctp', "Ether()/IP(src='10.0.0.1', dst='10.0.0.2')/SCTP(sport=9, dport=10, tag=77)/"
     "SCTPChunkData(tsn=5, stream_id=1, stream_seq=2, proto_id=3, data=b'abcd')",
     {'sctp.srcport': 'sctp.src_port', 'sctp.verification_tag': 'sctp.vtag',
      'sctp.data_tsn_raw': 'sctp.chunks[0].chunk_data.tsn'}),
]

TSHARK_PREFS = ['-o', 'ip.check_checksum:TRUE', '-o', 'tcp.check_checksum:TRUE',
                '-o', 'udp.check_checksum:TRUE', '-o', 'sctp.checksum:CRC 32c',
                '-o', 'sctp.relative_tsns:FALSE']
BAD_EXPERT = re.compile(r'malformed|bad (\w+ )?checksum|checksum incorrect|incorrect|'
                        r'invalid|exception|wrong', re.I)
PI_ERROR = '8388608'            # Expert severity "error".


def write_pcap(path, frames):
    with open(path, 'wb') as f:
        f.write(struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
        for i, data in enumerate(frames):
            f.write(struct.pack('<IIII', i, 0, len(data), len(data)))
            f.write(data)


def tshark_fields(pcap, fields):
    """Runs tshark; returns one dict per frame: field -> 'v1,v2,...'."""
    extra = ['_ws.expert.message', '_ws.expert.severity', '_ws.malformed']
    cmd = ['tshark', '-n', '-r', pcap] + TSHARK_PREFS + [
        '-T', 'fields', '-E', 'separator=\t', '-E', 'occurrence=a',
        '-E', 'aggregator=,', '-E', 'quote=n']
    allf = extra + sorted(fields)
    for f in allf:
        cmd += ['-e', f]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode or 'Some fields' in proc.stderr:
        print('tshark failed: %s' % proc.stderr)
        sys.exit(1)
    rows = []
    for line in proc.stdout.rstrip('\n').split('\n'):
        vals = line.split('\t')
        rows.append(dict(zip(allf, vals + [''] * (len(allf) - len(vals)))))
    return rows


def norm(v):
    return v.lower()


def read_pcap(path):
    """The frames of a classic pcap capture (either byte order)."""
    with open(path, 'rb') as f:
        data = f.read()
    order = '>' if data[:4] == b'\xa1\xb2\xc3\xd4' else '<'
    frames, off = [], 24
    while off + 16 <= len(data):
        incl = struct.unpack(order + 'I', data[off + 8:off + 12])[0]
        frames.append(data[off + 16:off + 16 + incl])
        off += 16 + incl
    return frames


def specs():
    """The JSON of each frame of CASES."""
    return [{'Packet': {'protocols': protos}} for _, protos, _ in CASES]


def build_cases(ofdump):
    """The frames of CASES as ofdump --build --hex makes them (bytes, or
    ofdump's error as str)."""
    return ofdump.build(specs())


def json_path(protocols, path):
    """Follows "proto[#n].a.b[i].C.d" through our JSON protocols list."""
    head, _, rest = path.partition('.')
    name, _, nth = head.partition('#')
    nth = int(nth or 1)
    seen = 0
    for item in protocols:
        if isinstance(item, dict) and name in item:
            seen += 1
            if seen == nth:
                cur = item[name]
                break
    else:
        raise KeyError(head)
    for part in re.findall(r'[^.\[\]]+|\[\d+\]', rest):
        if part.startswith('['):
            cur = cur[int(part[1:-1])]
        else:
            cur = cur[part]
    return cur


def same(tshark_value, ours, nth=1):
    """Compares the nth value tshark shows for a field with one of ours."""
    values = tshark_value.split(',')
    if nth > len(values):
        return False
    t = values[nth - 1]
    if isinstance(ours, bool):
        ours = int(ours)
    if isinstance(ours, (int, float)):
        try:
            return float(int(t, 0)) == float(ours)
        except ValueError:
            try:
                return float(t) == float(ours)
            except ValueError:
                return False
    return norm(t) == norm(str(ours))


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    ofdump = Ofdump(sys.argv[1])
    verbose = '-v' in sys.argv[2:]
    keep = '-k' in sys.argv[2:]
    failures = 0
    tmp = tempfile.mkdtemp(prefix='ofm-tshark-')

    # Part 1.
    frames = []
    for (name, _, _), built in zip(CASES, build_cases(ofdump)):
        if isinstance(built, str):
            print('FAIL %s: cannot build: %s' % (name, built))
            failures += 1
            frames.append(b'')
        else:
            frames.append(built)
    pcap1 = os.path.join(tmp, 'libofm-built.pcap')
    if all(frames):
        err = ofdump.build_pcap(specs(), pcap1)
        if err or read_pcap(pcap1) != frames:
            print('FAIL ofdump --build --pcap: %s' % (err or 'not the frames of --hex'))
            failures += 1
            write_pcap(pcap1, frames)
    else:
        write_pcap(pcap1, frames)
    fields = set()
    for _, _, want in CASES:
        fields |= set(want)
    rows = tshark_fields(pcap1, fields)
    for (name, _, want), row, data in zip(CASES, rows, frames):
        if not data:
            continue
        problems = []
        for msg in row['_ws.expert.message'].split(','):
            if msg and BAD_EXPERT.search(msg):
                problems.append('tshark: %s' % msg)
        if row['_ws.malformed']:
            problems.append('tshark: malformed packet')
        if PI_ERROR in row['_ws.expert.severity'].split(','):
            problems.append('tshark: error-level expert info: %s'
                            % row['_ws.expert.message'])
        for field, value in sorted(want.items()):
            if norm(row.get(field, '')) != norm(value):
                problems.append('%s: tshark says %r, expected %r'
                                % (field, row.get(field, ''), value))
        if problems:
            failures += 1
            print('FAIL built %s (%s)' % (name, data.hex()))
            for p in problems:
                print('    ' + p)
        elif verbose:
            print('ok   built %s' % name)

    # Part 2.
    try:
        import scapy.all as scapy_all
    except ImportError:
        print('SKIP part 2: python3-scapy is not installed')
        scapy_all = None
    if scapy_all is not None:
        scapy_all.load_contrib('lldp')
        env = dict(vars(scapy_all))
        import scapy.contrib.lldp as scapy_lldp
        env.update(vars(scapy_lldp))
        sframes = [bytes(eval(expr, env)) for _, expr, _ in SCAPY_CASES]
        pcap2 = os.path.join(tmp, 'scapy.pcap')
        write_pcap(pcap2, sframes)
        fields = set()
        for _, _, want in SCAPY_CASES:
            fields |= set(f.partition('#')[0] for f in want)
        rows = tshark_fields(pcap2, fields)
        ours = ofdump.decode_pcap(pcap2, len(sframes))
        for (name, _, want), row, data, (j, probs) in zip(SCAPY_CASES, rows, sframes, ours):
            problems = ['ofdump --frame: ' + p for p in probs]
            try:
                protocols = json.loads(j)['Packet']['protocols']
            except (ValueError, KeyError):
                protocols = []
                problems.append('libofm: %s' % j)
            for fspec, path in sorted(want.items()):
                field, _, nth = fspec.partition('#')
                nth = int(nth or 1)
                try:
                    value = json_path(protocols, path)
                except (KeyError, IndexError, TypeError):
                    problems.append('%s: libofm has no %s' % (field, path))
                    continue
                if not row.get(field):
                    problems.append('%s: tshark shows nothing' % field)
                elif not same(row[field], value, nth):
                    problems.append('%s: tshark %r, libofm %s = %r'
                                    % (field, row[field], path, value))
            if problems:
                failures += 1
                print('FAIL scapy %s (%s)' % (name, data.hex()))
                for p in problems:
                    print('    ' + p)
            elif verbose:
                print('ok   scapy %s' % name)

    if keep:
        print('pcap files kept in %s' % tmp)
    else:
        for f in os.listdir(tmp):
            os.unlink(os.path.join(tmp, f))
        os.rmdir(tmp)
    total = len(CASES) + (len(SCAPY_CASES) if scapy_all is not None else 0)
    print('%d frames checked with tshark, %d failed' % (total, failures))
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
