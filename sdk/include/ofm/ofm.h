/* ofm/ofm.h: the one header a plugin includes.  The JSON forms (ofm/json.h)
 * are separate, as they pull in jansson. */
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
