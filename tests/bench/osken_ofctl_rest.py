# tests/bench/osken_ofctl_rest.py: the os-ken side of "make bench-rest".
#
# Debian's python3-os-ken ships neither os_ken.app.ofctl_rest nor
# os_ken.app.wsgi, so this app serves the three benchmarked calls of Ryu's
# ofctl_rest itself, on the same stack Ryu's wsgi context uses (eventlet's
# WSGI server through os_ken.lib.hub, routes for the paths, webob for
# requests and replies) and with the same ofctl library
# (os_ken.lib.ofctl_v1_3 / v1_0: get_flow_stats(), mod_flow_entry()), so
# the per-request work is that of Ryu's ofctl_rest:
#   GET  /stats/switches            the connected dpids
#   GET  /stats/flow/{dpid}         one FLOW_STATS round trip to the switch
#   POST /stats/flowentry/{cmd}     one FLOW_MOD, answered at once
#
# Run with: OSKEN_REST_PORT=8093 osken-manager --ofp-tcp-listen-port PORT \
#               tests/bench/osken_ofctl_rest.py
import json
import os

from routes import Mapper
from webob import Request, Response

from os_ken.base import app_manager
from os_ken.controller import ofp_event
from os_ken.controller.handler import (DEAD_DISPATCHER, MAIN_DISPATCHER,
                                       set_ev_cls)
from os_ken.lib import hub, ofctl_v1_0, ofctl_v1_3
from os_ken.ofproto import ofproto_v1_0, ofproto_v1_3

OFCTL = {ofproto_v1_0.OFP_VERSION: ofctl_v1_0,
         ofproto_v1_3.OFP_VERSION: ofctl_v1_3}
COMMANDS = ('add', 'modify', 'modify_strict', 'delete', 'delete_strict')


class BenchOfctlRest(app_manager.OSKenApp):
    OFP_VERSIONS = list(OFCTL)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.dps = {}           # dpid -> datapath
        self.waiters = {}       # dpid -> {xid: (event, [replies])}
        self.paths = Mapper()
        self.paths.connect('/stats/switches', action='switches',
                           conditions={'method': ['GET']})
        self.paths.connect('/stats/flow/{dpid}', action='flow',
                           conditions={'method': ['GET', 'POST']})
        self.paths.connect('/stats/flowentry/{cmd}', action='flowentry',
                           conditions={'method': ['POST']})
        port = int(os.environ.get('OSKEN_REST_PORT', '8093'))
        self.server = hub.WSGIServer(('127.0.0.1', port), self.wsgi_app)
        hub.spawn(self.server.serve_forever)

    @set_ev_cls(ofp_event.EventOFPStateChange,
                [MAIN_DISPATCHER, DEAD_DISPATCHER])
    def _state(self, ev):
        dp = ev.datapath
        if ev.state == MAIN_DISPATCHER:
            self.dps[dp.id] = dp
        elif dp.id is not None:
            self.dps.pop(dp.id, None)
            self.waiters.pop(dp.id, None)

    @set_ev_cls(ofp_event.EventOFPFlowStatsReply, MAIN_DISPATCHER)
    def _stats_reply(self, ev):
        # What the ofctl get_*() calls wait for: the replies of their xid,
        # until one without the "more" flag.
        msg = ev.msg
        pending = self.waiters.get(msg.datapath.id, {})
        if msg.xid not in pending:
            return
        event, replies = pending[msg.xid]
        replies.append(msg)
        more = (ofproto_v1_0.OFPSF_REPLY_MORE
                if msg.version == ofproto_v1_0.OFP_VERSION
                else ofproto_v1_3.OFPMPF_REPLY_MORE)
        if msg.flags & more:
            return
        del pending[msg.xid]
        event.set()

    @staticmethod
    def _reply(status, body=None):
        text = '' if body is None else json.dumps(body)
        return Response(status=status, content_type='application/json',
                        charset='UTF-8', body=text.encode())

    def _datapath(self, text):
        try:
            return self.dps.get(int(str(text), 0))
        except ValueError:
            return None

    def wsgi_app(self, environ, start_response):
        req = Request(environ)
        m = self.paths.match(environ=environ)
        if m is None:
            resp = self._reply(404)
        elif m['action'] == 'switches':
            resp = self._reply(200, list(self.dps))
        elif m['action'] == 'flow':
            resp = self._flow(req, m['dpid'])
        else:
            resp = self._flowentry(req, m['cmd'])
        return resp(environ, start_response)

    def _flow(self, req, dpid):
        dp = self._datapath(dpid)
        if dp is None:
            return self._reply(404)
        try:
            flow = req.json if req.body else {}
        except ValueError:
            return self._reply(400)
        lib = OFCTL[dp.ofproto.OFP_VERSION]
        return self._reply(200, lib.get_flow_stats(dp, self.waiters, flow))

    def _flowentry(self, req, cmd):
        try:
            flow = req.json
        except ValueError:
            return self._reply(400)
        if cmd not in COMMANDS or not isinstance(flow, dict):
            return self._reply(404 if cmd not in COMMANDS else 400)
        dp = self._datapath(flow.get('dpid'))
        if dp is None:
            return self._reply(404)
        ofp = dp.ofproto
        command = {'add': ofp.OFPFC_ADD, 'modify': ofp.OFPFC_MODIFY,
                   'modify_strict': ofp.OFPFC_MODIFY_STRICT,
                   'delete': ofp.OFPFC_DELETE,
                   'delete_strict': ofp.OFPFC_DELETE_STRICT}[cmd]
        OFCTL[ofp.OFP_VERSION].mod_flow_entry(dp, flow, command)
        return self._reply(200)
