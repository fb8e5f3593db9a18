# tests/bench/osken_cbench.py: the os-ken counterpart of cbench.so, for
# "make bench": one FLOW_MOD per PACKET_IN (an ADD of the default
# priority that matches everything, with no actions and no buffer), for
# OpenFlow 1.0 and 1.3.
#
# Run with: osken-manager --ofp-tcp-listen-port PORT tests/bench/osken_cbench.py
from os_ken.base import app_manager
from os_ken.controller import ofp_event
from os_ken.controller.handler import MAIN_DISPATCHER, set_ev_cls
from os_ken.ofproto import ofproto_v1_0, ofproto_v1_3


class BenchResponder(app_manager.OSKenApp):
    OFP_VERSIONS = [ofproto_v1_0.OFP_VERSION, ofproto_v1_3.OFP_VERSION]

    @set_ev_cls(ofp_event.EventOFPPacketIn, MAIN_DISPATCHER)
    def _packet_in(self, ev):
        dp = ev.msg.datapath
        parser = dp.ofproto_parser
        if dp.ofproto.OFP_VERSION == ofproto_v1_0.OFP_VERSION:
            # Every field wildcarded; the parser's defaults give no buffer
            # and out_port NONE.
            mod = parser.OFPFlowMod(dp, match=parser.OFPMatch(),
                                    command=dp.ofproto.OFPFC_ADD, actions=[])
        else:
            mod = parser.OFPFlowMod(dp, match=parser.OFPMatch(),
                                    command=dp.ofproto.OFPFC_ADD,
                                    instructions=[])
        dp.send_msg(mod)
