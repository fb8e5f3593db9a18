/* ofctl-conv.h: Ryu's ofctl REST spelling to and from the SDK's Ryu-JSON
 * (to_jsondict) form of OpenFlow 1.0 and 1.3 messages.
 *
 * The REST form is what ryu.app.ofctl_rest takes and gives: match fields
 * by name with their aliases (dl_dst for eth_dst, nw_src for ipv4_src,
 * tp_dst for tcp_dst or udp_dst by nw_proto), masks as "value/mask",
 * actions as {"type": "OUTPUT", "port": 2} on input and as "OUTPUT:2"
 * strings on output.  Numbers may be JSON integers or strings in any base
 * strtoull() takes ("0x10"), as Ryu's str_to_int() reads them.
 *
 * Every function here returns a new reference, or NULL with a one-line
 * reason naming the offending key in 'err'. */
#ifndef OFCTL_CONV_H
#define OFCTL_CONV_H 1

#include <stddef.h>
#include <stdint.h>
#include <jansson.h>

/* {"OFPMatch": {...}} for 'version' from the REST match object 'rest'
 * (NULL or {} matches everything). */
json_t *ofctl_match_from_rest(const json_t *rest, uint8_t version,
                              char *err, size_t err_size);

/* {"OFPFlowMod": {...}} from a POST /stats/flowentry/<cmd> body, with
 * Ryu's defaults for what the body leaves out; 'command' is OFPFC_*. */
json_t *ofctl_flow_mod_from_rest(const json_t *body, uint8_t version,
                                 uint8_t command, char *err, size_t err_size);

/* The REST list of flows from the "body" array of a decoded
 * OFPFlowStatsReply, keeping only flows of 'priority' when it is >= 0 (the
 * filter Ryu applies after the reply). */
json_t *ofctl_flow_stats_to_rest(const json_t *body, uint8_t version,
                                 int priority);

/* The REST form of one decoded OFPMatch and one action. */
json_t *ofctl_match_to_rest(const json_t *match, uint8_t version);
json_t *ofctl_action_to_rest(const json_t *action, uint8_t version);

/* Reads a Ryu number (JSON integer or numeric string) into '*v'.
 * Returns 0, or -1 if 'j' is neither. */
int ofctl_get_uint(const json_t *j, uint64_t *v);

#endif /* ofctl-conv.h */
