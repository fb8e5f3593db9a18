/* ofm/json.h: OpenFlow 1.0, 1.2, 1.3, 1.4 and 1.5 messages to and from
 * JSON.
 *
 * The JSON form is the one Ryu's to_jsondict() gives, so that tools and
 * tests written for Ryu read it unchanged:
 *
 *     {"OFPFlowMod": {"cookie": 0, ..., "match": {"OFPMatch": {
 *         "type": 1, "length": 14, "oxm_fields": [{"OXMTlv": {
 *             "field": "eth_dst", "mask": null,
 *             "value": "f2:0b:a4:7d:f8:ea"}}]}},
 *      "instructions": [...]}}
 *
 * Every message type of OpenFlow 1.0 and 1.3 is covered in both directions,
 * including every stats/multipart body, and the messages of 1.2, 1.4 and
 * 1.5 (see sdk/lib/json/ofp-json-msg14.c for what 1.4 and 1.5 add).  Byte strings are base64, MAC
 * addresses "aa:bb:cc:dd:ee:ff", IPv4 and IPv6 addresses in their usual
 * text forms.  The OpenFlow header's version, type, length and xid are not
 * part of the JSON (as in Ryu): the caller knows them, see
 * ofm_ofp_from_json().  Length fields that appear in the JSON ("len",
 * "length", "actions_len", ...) are informative: the encoder computes them.
 *
 * Nicira actions are Ryu's NXAction* classes (resubmit, reg_load,
 * reg_move, ct with nat, conjunction, note, ...; see
 * sdk/lib/json/ofp-json-action.c).  Other experimenter actions,
 * instructions, OXM fields, meter bands, properties and hello elements
 * that libofm does not know survive a decode/encode
 * round trip as opaque bytes ("data", or "field_N" for OXM fields, where N
 * is the OXM class shifted left by 7 ORed with the field number).
 *
 * Integers: every number in this JSON form is an unsigned integer of up to
 * 64 bits.  jansson's json_int_t is signed, so values of 2^63 and above are
 * held as negative json_int_t (two's complement).  Use ofm_json_loads() and
 * ofm_json_dumps(), which convert at the text boundary, instead of
 * json_loads()/json_dumps() (jansson rejects integers above 2^63 - 1).
 *
 * Decoders are bounded: they never read outside the message they are
 * given, reject zero-length and misaligned elements, and report the byte
 * offset and an enum ofm_err code (see ofm/err.h) for what is wrong. */
#ifndef OFM_JSON_H
#define OFM_JSON_H 1

#include <stddef.h>
#include <stdint.h>
#include <jansson.h>
#include "ofm/buf.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Decodes the single OpenFlow 1.0, 1.2, 1.3, 1.4 or 1.5 message of 'size' bytes at 'msg'
 * (its header's length must equal 'size') into its JSON form.
 *
 * Returns 0 and stores a new reference in '*jsonp' (the caller owns it and
 * releases it with json_decref()), or returns an enum ofm_err code, stores
 * NULL in '*jsonp', the byte offset (from the start of 'msg') where the
 * problem is in '*err_offset' (if nonnull), and a one-line description
 * starting with "offset N: " in 'err' (if nonnull, truncated to
 * 'err_size'). */
int ofm_ofp_to_json(const void *msg, size_t size, json_t **jsonp,
                        size_t *err_offset, char *err, size_t err_size);


/* Encodes the message described by 'json' (a {"ClassName": {...}} object,
 * not modified) as an OpenFlow message of 'version' (its wire number: 0x01,
 * 0x03, 0x04, 0x05 or 0x06; or 0 to try 1.3 and then 1.0) with transaction id 'xid',
 * and appends it to 'out'.
 *
 * A packet-out's "data" may be, besides Ryu's base64 string, a packet in
 * the form ofm_packet_to_json() gives; it is serialized as
 * ofm_packet_serialize() does.
 *
 * Returns 0, or EINVAL with a description that names the JSON path of the
 * problem in 'err' (if nonnull); on failure 'out' holds what it held
 * before. */
int ofm_ofp_from_json(const json_t *json, uint8_t version, uint32_t xid,
                      struct ofm_buf *out, char *err, size_t err_size);

/* Appends to 'out' a one-line human readable form of the message of 'size'
 * bytes at 'msg', in the spirit of "ovs-ofctl ofp-print", for example:
 *
 *     OFPFlowMod (OF1.3, xid=0x0): cookie=0x0 table_id=1 command=0 ...
 *
 * No newline is added.  Returns 0, or the enum ofm_err code of the decoding
 * failure, in which case nothing is appended and 'err' (if nonnull) holds
 * the description, as for ofm_ofp_to_json(). */
int ofm_ofp_to_text(const void *msg, size_t size, struct ofm_buf *out,
                    char *err, size_t err_size);

/* Appends the one-line form of an already decoded message 'json' of
 * 'version' and 'xid' to 'out'. */
void ofm_ofp_json_to_text(const json_t *json, uint8_t version, uint32_t xid,
                          struct ofm_buf *out);

/* Parses the JSON text of 'len' bytes at 'text', which must hold exactly
 * one JSON value (surrounding white space allowed).  Integers from 2^63 to
 * 2^64 - 1 are accepted (see above), as are "\u0000" escapes.  Returns a
 * new reference, or NULL with "line L column C: what" in 'err'. */
json_t *ofm_json_loads(const char *text, size_t len,
                       char *err, size_t err_size);

/* Parses every JSON value in the 'len' bytes at 'text' (values separated by
 * optional white space, as in a file of one message per line) and calls
 * 'cb' with each, in order; 'cb' borrows the value.  Stops at the first
 * nonzero return of 'cb' and returns it.  Returns 0 when all values were
 * read, or EINVAL with the description in 'err' if the text is not valid
 * JSON. */
int ofm_json_load_stream(const char *text, size_t len,
                         int (*cb)(json_t *value, void *aux), void *aux,
                         char *err, size_t err_size);

/* Returns the text of 'json' as json_dumps() does with 'flags' (JSON_COMPACT,
 * JSON_INDENT(n), JSON_SORT_KEYS...), but with integers held as negative
 * json_int_t written as the unsigned values they stand for.  The caller
 * frees the result with free().  Returns NULL only if 'json' is NULL. */
char *ofm_json_dumps(const json_t *json, size_t flags);

/* Returns a new JSON string holding the base64 form of the 'size' bytes
 * at 'data', as the codec writes and reads byte strings ("data"). */
json_t *ofm_json_base64(const void *data, size_t size);

#ifdef __cplusplus
}
#endif

#endif /* ofm/json.h */
