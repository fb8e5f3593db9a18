# tests/bench/osken_switch.py: the os-ken counterpart of switch.so, for
# "make bench": the learning switch of the Ryu book (a table-miss entry
# to the controller; each packet-in teaches the source's port; a known
# destination gets a flow and the packet goes on; an unknown one is
# flooded), for OpenFlow 1.0 and 1.3.
#
# Run with: osken-manager --ofp-tcp-listen-port PORT tests/bench/osken_switch.py
from os_ken.base import app_manager
from os_ken.controller import ofp_event
from os_ken.controller.handler import (CONFIG_DISPATCHER, MAIN_DISPATCHER,
                                       set_ev_cls)
from os_ken.lib.packet import ethernet, ether_types, packet
from os_ken.ofproto import ofproto_v1_0, ofproto_v1_3


class BenchSwitch(app_manager.OSKenApp):
    OFP_VERSIONS = [ofproto_v1_0.OFP_VERSION, ofproto_v1_3.OFP_VERSION]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.ports = {}         # dpid -> {mac: port}

    @staticmethod
    def _is_13(dp):
        return dp.ofproto.OFP_VERSION == ofproto_v1_3.OFP_VERSION

    def _flow(self, dp, priority, match, actions):
        ofp, parser = dp.ofproto, dp.ofproto_parser
        if self._is_13(dp):
            insts = [parser.OFPInstructionActions(ofp.OFPIT_APPLY_ACTIONS,
                                                  actions)]
            mod = parser.OFPFlowMod(dp, priority=priority, match=match,
                                    instructions=insts)
        else:
            mod = parser.OFPFlowMod(dp, match=match, priority=priority,
                                    command=ofp.OFPFC_ADD, actions=actions)
        dp.send_msg(mod)

    @set_ev_cls(ofp_event.EventOFPSwitchFeatures, CONFIG_DISPATCHER)
    def _features(self, ev):
        dp = ev.msg.datapath
        if self._is_13(dp):
            ofp, parser = dp.ofproto, dp.ofproto_parser
            out = parser.OFPActionOutput(ofp.OFPP_CONTROLLER,
                                         ofp.OFPCML_NO_BUFFER)
            self._flow(dp, 0, parser.OFPMatch(), [out])

    @set_ev_cls(ofp_event.EventOFPPacketIn, MAIN_DISPATCHER)
    def _packet_in(self, ev):
        msg = ev.msg
        dp = msg.datapath
        ofp, parser = dp.ofproto, dp.ofproto_parser
        in_port = msg.match['in_port'] if self._is_13(dp) else msg.in_port

        eth = packet.Packet(msg.data).get_protocols(ethernet.ethernet)[0]
        if eth.ethertype == ether_types.ETH_TYPE_LLDP:
            return
        table = self.ports.setdefault(dp.id, {})
        table[eth.src] = in_port
        out_port = table.get(eth.dst, ofp.OFPP_FLOOD)
        actions = [parser.OFPActionOutput(out_port)]

        if out_port != ofp.OFPP_FLOOD:
            if self._is_13(dp):
                match = parser.OFPMatch(in_port=in_port, eth_dst=eth.dst)
            else:
                match = parser.OFPMatch(in_port=in_port, dl_dst=eth.dst)
            self._flow(dp, 1, match, actions)

        data = msg.data if msg.buffer_id == ofp.OFP_NO_BUFFER else None
        dp.send_msg(parser.OFPPacketOut(datapath=dp, buffer_id=msg.buffer_id,
                                        in_port=in_port, actions=actions,
                                        data=data))
