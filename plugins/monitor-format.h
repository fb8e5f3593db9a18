/* monitor-format.h: the traffic monitor's data and text, without a switch.
 *
 * Private to monitor.so and its unit test.  The plugin turns each stats
 * reply body into plain arrays with mon_flows_parse() / mon_ports_parse(),
 * prints them with the row formatters below (the tables of Ryu's
 * simple_monitor_13), and for the JSON log builds one object per poll with
 * mon_poll_json(). */
#ifndef MONITOR_FORMAT_H
#define MONITOR_FORMAT_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <jansson.h>
#include "ofm/ofm.h"

/* Room for one table line, with every counter at its widest (20 digits). */
#define MON_LINE_SIZE 192

/* The table headers and the dash lines under them. */
extern const char mon_flow_header[];
extern const char mon_flow_rule[];
extern const char mon_port_header[];
extern const char mon_port_rule[];

/* One flow entry, as far as the monitor cares. */
struct mon_flow {
    uint8_t table_id;
    uint16_t priority, idle_timeout, hard_timeout, flags;
    uint64_t cookie, packet_count, byte_count;
    uint32_t duration_sec, duration_nsec;
    struct ofm_match match;
    /* From the match: */
    bool has_in_port, has_eth_dst;
    uint32_t in_port;
    uint8_t eth_dst[6];
    /* The first output action of the apply-actions instruction (1.3) or of
     * the action list (1.0). */
    bool has_out_port;
    uint32_t out_port;
};

/* Fills 'f' from a decoded flow stats entry of 'version'. */
void mon_flow_from_stats(const struct ofm_flow_stats *fs, uint8_t version,
                         struct mon_flow *f);

/* Parses the whole flow (port) stats reply body of 'size' bytes at 'body'
 * into a new array in '*flows' ('*ports') of '*n' entries, which the caller
 * frees with free().  Returns 0, or an enum ofm_err for a malformed body,
 * with '*flows' ('*ports') NULL and '*n' 0. */
int mon_flows_parse(const uint8_t *body, size_t size, uint8_t version,
                    struct mon_flow **flows, size_t *n);
int mon_ports_parse(const uint8_t *body, size_t size, uint8_t version,
                    struct ofm_port_stats **ports, size_t *n);

/* Stores in 'out' (room for 'n') pointers to the flows of the table, those
 * of priority 1 that match on in_port and eth_dst, sorted by (in_port,
 * eth_dst), and returns how many there are. */
size_t mon_flows_select(const struct mon_flow *flows, size_t n,
                        const struct mon_flow **out);
/* Sorts 'ports' by port number. */
void mon_ports_sort(struct ofm_port_stats *ports, size_t n);

/* Writes the table row of a flow or a port of datapath 'dpid' into 'out'
 * (no newline). */
void mon_flow_format(char out[MON_LINE_SIZE], uint64_t dpid, const struct mon_flow *);
void mon_port_format(char out[MON_LINE_SIZE], uint64_t dpid,
                     const struct ofm_port_stats *);

/* A port's traffic per second between two polls. */
struct mon_rate {
    double rx_bytes, tx_bytes, rx_packets, tx_packets;
};
/* Computes the rates of the port from 'prev' to 'cur', 'seconds' apart.
 * Returns false when there are none: no time passed, a counter went back
 * (the port was reset) or the switch does not count it (all ones). */
bool mon_port_rate(const struct ofm_port_stats *prev, const struct ofm_port_stats *cur,
                   double seconds, struct mon_rate *rate);

/* One poll of a datapath for the JSON log. */
struct mon_poll {
    uint64_t dpid;
    uint8_t version;
    double time;                        /* When it was sent (Unix time). */
    const struct mon_flow *flows;       /* Every flow of the reply. */
    size_t n_flows;
    const struct ofm_port_stats *ports; /* Every port, sorted. */
    size_t n_ports;
    /* The previous poll's port stats, sorted, and the seconds since: for
     * rates ('has_prev' false on the first poll). */
    bool has_prev;
    const struct ofm_port_stats *prev_ports;
    size_t n_prev_ports;
    double elapsed;
};
/* Returns a new JSON object for 'poll' (the caller owns the reference):
 *   {"time": T, "datapath": "0000000000000001", "version": 4,
 *    "elapsed": SECONDS since the previous poll, or null,
 *    "flows": [{"table_id", "priority", "cookie", "idle_timeout",
 *               "hard_timeout", "flags", "duration_sec", "duration_nsec",
 *               "packet_count", "byte_count", "match": {FIELD: VALUE...},
 *               "out_port": PORT or null}...],
 *    "ports": [{"port_no", "rx_packets", "tx_packets", "rx_bytes",
 *               "tx_bytes", "rx_dropped", "tx_dropped", "rx_errors",
 *               "tx_errors", "rx_frame_err", "rx_over_err", "rx_crc_err",
 *               "collisions", "duration_sec", "duration_nsec",
 *               "rx_bytes_per_sec", "tx_bytes_per_sec",
 *               "rx_packets_per_sec", "tx_packets_per_sec"}...]}
 * Counters the switch does not support (all ones), 1.0's missing port
 * durations and rates that cannot be computed are null.  64-bit values are
 * held as jansson integers in the two's complement convention of
 * ofm/json.h: write the object with ofm_json_dumps(). */
json_t *mon_poll_json(const struct mon_poll *poll);

#endif /* monitor-format.h */
