-- tests/bench/rest-post.lua: wrk script for POST /stats/flowentry/add,
-- one flow body (the same entry each time: the switch replaces it).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"dpid": 1, "priority": 100, "match": {"in_port": 1, "dl_type": 2048, "nw_dst": "10.0.0.2"}, "actions": [{"type": "OUTPUT", "port": 2}]}'
