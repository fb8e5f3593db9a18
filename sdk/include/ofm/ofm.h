/* ofm/ofm.h: the one header a plugin includes.  The JSON forms (ofm/json.h)
 * are separate, as they pull in jansson.
 *
 * Names across the SDK: ofm_X_init()/ofm_X_uninit() set up and release an
 * object whose storage the caller owns (a struct ofm_buf on the stack);
 * ofm_X_new()/ofm_X_load() return an object the library allocated, which
 * ofm_X_free() releases.  Errors are ofm_err_*(); a message and its JSON
 * form convert with ofm_ofp_to_json() and ofm_ofp_from_json(). */
#ifndef OFM_OFM_H
#define OFM_OFM_H 1

#include "ofm/action.h"
#include "ofm/addr.h"
#include "ofm/buf.h"
#include "ofm/conf.h"
#include "ofm/err.h"
#include "ofm/log.h"
#include "ofm/mactable.h"
#include "ofm/match.h"
#include "ofm/msg.h"
#include "ofm/ofp.h"
#include "ofm/packet.h"
#include "ofm/plugin.h"

#endif /* ofm/ofm.h */
