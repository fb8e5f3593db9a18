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

/* Helpers shared by the converters of this folder (ofctl-conv.c,
 * ofctl-mod.c, ofctl-stats.c). */

/* Reads member 'key' of 'obj' as a Ryu number of at most 'max' ('dflt'
 * when absent); ofctl_port_field() and ofctl_group_field() also take the
 * reserved names ("LOCAL", "ANY", ...).  Return 0, or -1 with 'err'
 * naming 'key'. */
int ofctl_field(const json_t *obj, const char *key, uint64_t dflt,
                uint64_t max, uint64_t *v, char *err, size_t err_size);
int ofctl_port_field(const json_t *obj, const char *key, uint64_t dflt,
                     uint8_t version, uint64_t *v, char *err, size_t err_size);
int ofctl_group_field(const json_t *obj, const char *key, uint64_t dflt,
                      uint64_t *v, char *err, size_t err_size);

/* A reserved number as Ryu's OFCtlUtil names it ("LOCAL", "ALL"), or the
 * number. */
json_t *ofctl_port_to_user(uint64_t port, uint8_t version);
json_t *ofctl_group_to_user(uint64_t group);
json_t *ofctl_table_to_user(uint64_t table, uint8_t version);

/* One 1.3 action from its REST object ({"type": "OUTPUT", ...}). */
json_t *ofctl_action13_from_rest(const json_t *a, char *err, size_t err_size);
/* One action of 'version' (1.2 and later) from its REST object. */
json_t *ofctl_action_from_rest(const json_t *a, uint8_t version, char *err,
                               size_t err_size);

/* The value of a {"ClassName": value} object (and the class name in
 * '*cls' if nonnull), or NULL; borrowed. */
const json_t *ofctl_unwrap(const json_t *j, const char **cls);
/* A member read as a number, 0 if absent or not a number. */
uint64_t ofctl_uget(const json_t *obj, const char *key);
/* A meter id as Ryu's ofp_meter_to_user() gives it ("ALL", "CONTROLLER",
 * ... or the number), and a meter's flags as its list of names. */
json_t *ofctl_meter_to_user(uint64_t id);
json_t *ofctl_meter_flags_to_rest(uint64_t flags);

/* ofctl-mod.c: bodies of POST /stats/groupentry/<cmd> and
 * /stats/meterentry/<cmd> (1.3; 'command' is OFPGC_* / OFPMC_*) and of
 * POST /stats/role, as {"OFPGroupMod"|"OFPMeterMod"|"OFPRoleRequest": ...}. */
json_t *ofctl_group_mod_from_rest(const json_t *body, uint16_t command,
                                  char *err, size_t err_size);
json_t *ofctl_meter_mod_from_rest(const json_t *body, uint16_t command,
                                  char *err, size_t err_size);
json_t *ofctl_role_from_rest(const json_t *body, char *err, size_t err_size);
/* POST /stats/experimenter/<dpid> (Ryu's send_experimenter()):
 * {"OFPExperimenter": ...}; "data" as "ascii" or "base64" text. */
json_t *ofctl_experimenter_from_rest(const json_t *body, char *err,
                                     size_t err_size);
/* POST /stats/portdesc/modify (mod_port_behavior()): {"OFPPortMod": ...}
 * with the port's current 'hw_addr' and 'advertised' where the body has
 * none.  ofctl_port_no_from_rest() reads "port_no" first, to find them. */
int ofctl_port_no_from_rest(const json_t *body, uint8_t version,
                            uint64_t *port_no, char *err, size_t err_size);
json_t *ofctl_port_mod_from_rest(const json_t *body, uint8_t version,
                                 const char *hw_addr, uint32_t advertised,
                                 char *err, size_t err_size);

/* The same for OpenFlow 1.4 and 1.5 (ofctl_v1_4/v1_5): the port mod's
 * "properties" (ETHERNET with "advertise", OPTICAL), an Ethernet property
 * with the port's 'advertised' when the body has none. */
json_t *ofctl14_port_mod_from_rest(const json_t *body, uint8_t version,
                                   const char *hw_addr, uint32_t advertised,
                                   char *err, size_t err_size);
/* POST /stats/groupentry/<cmd> on 1.5: buckets with "bucket_id",
 * "actions" and "properties" (WEIGHT, WATCH_PORT, WATCH_GROUP), and the
 * group mod's "command_bucket_id", as ofctl_v1_5.mod_group_entry(). */
json_t *ofctl15_group_mod_from_rest(const json_t *body, uint16_t command,
                                    char *err, size_t err_size);

/* ofctl-stats.c: the REST form of a decoded stats reply.  'reply' is the
 * value of the decoded message ({"body": ..., ...}, or the role reply's
 * fields); the result is the list (or, for desc, the object) Ryu puts
 * under the dpid. */
typedef json_t *ofctl_reply_fn(const json_t *reply, uint8_t version);
ofctl_reply_fn ofctl_desc_to_rest, ofctl_table_stats_to_rest,
    ofctl_port_stats_to_rest, ofctl_port_desc_to_rest,
    ofctl_group_desc_to_rest, ofctl_group_stats_to_rest,
    ofctl_meter_config_to_rest, ofctl_meter_stats_to_rest,
    ofctl_role_to_rest, ofctl_aggregate_to_rest, ofctl_queue_stats_to_rest,
    ofctl_queue_config_to_rest, ofctl_group_features_to_rest,
    ofctl_meter_features_to_rest, ofctl_table_features_to_rest;

/* ofctl-conv14.c: the same for OpenFlow 1.4 and 1.5 (ofctl_v1_4 and
 * ofctl_v1_5 rewrite the reply's to_jsondict()); the ofctl_*_to_rest()
 * functions above call these for those versions. */
ofctl_reply_fn ofctl14_table_stats_to_rest, ofctl14_port_stats_to_rest,
    ofctl14_port_desc_to_rest, ofctl14_group_desc_to_rest,
    ofctl14_group_stats_to_rest, ofctl14_meter_config_to_rest,
    ofctl14_meter_stats_to_rest, ofctl14_role_to_rest,
    ofctl14_aggregate_to_rest, ofctl14_queue_stats_to_rest,
    ofctl14_table_features_to_rest;
/* get_queue_desc() (1.4 and 1.5 only). */
ofctl_reply_fn ofctl_queue_desc_to_rest;
json_t *ofctl14_flow_stats_to_rest(const json_t *body, uint8_t version,
                                   int priority);
json_t *ofctl14_match_to_rest(const json_t *match, uint8_t version);
json_t *ofctl14_action_to_rest(const json_t *action, uint8_t version);

#endif /* ofctl-conv.h */
