/* asyncev.so: a test plugin that logs the asynchronous messages of
 * OpenFlow 1.4 and 1.5 as their events deliver them (EventOFPRoleStatus,
 * EventOFPTableStatus, EventOFPRequestForward, EventOFPControllerStatus),
 * decoded with the SDK, one line each, for tests/ovs/async.sh to find.
 *
 * YAML (optional):
 *   asyncev:
 *     role: master          # ask for this role when a switch is ready
 *     generation_id: 5      # ... with this generation id
 *     async_all: true       # ask for role status, table status and
 *                           # forwarded requests in every role (SET_ASYNC;
 *                           # Open vSwitch sends only the first by default)
 * It also logs the role replies and the errors switches send, so that a
 * test sees a refused request. */
#include <ofm/ofm.h>

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

struct asyncev {
    struct ofm_plugin *plugin;
    uint32_t role;                  /* OFPCR_ROLE_*; NOCHANGE: ask nothing. */
    uint64_t generation_id;
    bool async_all;
};

/* SET_ASYNC properties of 1.4 section 7.3.10: the types of the masks for
 * role status, table status and forwarded requests, in the slave and the
 * master role; the bits are each message's reasons. */
enum {
    ACPT_ROLE_STATUS_SLAVE = 6, ACPT_TABLE_STATUS_SLAVE = 8,
    ACPT_REQUESTFORWARD_SLAVE = 10,
};

static void
send_set_async(struct asyncev *a, struct ofm_dp *dp)
{
    static const struct { uint16_t type; uint32_t mask; } props[] = {
        { ACPT_ROLE_STATUS_SLAVE, 0x7 },         /* Every OFPCRR_*. */
        { ACPT_TABLE_STATUS_SLAVE, (1u << OFPTR_VACANCY_DOWN) | (1u << OFPTR_VACANCY_UP) },
        { ACPT_REQUESTFORWARD_SLAVE, 0x3 },      /* Group and meter mods. */
    };
    size_t start;
    struct ofm_buf *b = ofm_dp_send_begin(dp, OFPT13_SET_ASYNC, 0, &start);
    if (!b) {
        return;
    }
    for (size_t i = 0; i < sizeof props / sizeof *props; i++) {
        for (uint16_t master = 0; master <= 1; master++) {
            uint8_t prop[8];
            ofm_put16(prop, props[i].type + master);
            ofm_put16(prop + 2, sizeof prop);
            ofm_put32(prop + 4, props[i].mask);
            ofm_buf_put(b, prop, sizeof prop);
        }
    }
    int error = ofm_dp_send_commit(dp, start);
    ofm_plog(a->plugin, OFM_LOG_INFO, "%016" PRIx64 ": set async %s", ofm_dp_id(dp),
             error ? ofm_err_str(error) : "sent");
}

static struct asyncev the_plugin;

static void
on_state(const struct ofm_event *ev, void *aux)
{
    struct asyncev *a = aux;
    if (ev->state != OFM_STATE_MAIN) {
        return;
    }
    if (a->async_all) {
        send_set_async(a, ev->dp);
    }
    if (a->role == OFPCR_ROLE_NOCHANGE) {
        return;
    }
    size_t start;
    struct ofm_buf *b = ofm_dp_send_begin(ev->dp, OFPT13_ROLE_REQUEST, 0, &start);
    if (!b) {
        return;
    }
    uint8_t body[16] = { 0 };
    ofm_put32(body, a->role);
    ofm_put64(body + 8, a->generation_id);
    ofm_buf_put(b, body, sizeof body);
    int error = ofm_dp_send_commit(ev->dp, start);
    ofm_plog(a->plugin, OFM_LOG_INFO, "%016" PRIx64 ": role request %s "
             "generation_id=%" PRIu64 " %s", ofm_dp_id(ev->dp), ofm_role_name(a->role),
             a->generation_id, error ? ofm_err_str(error) : "sent");
}

static void
on_role_reply(const struct ofm_event *ev, void *aux)
{
    struct asyncev *a = aux;
    const struct ofm_msg *m = ev->msg;
    if (m->size < 24) {
        ofm_plog(a->plugin, OFM_LOG_WARNING, "short role reply");
        return;
    }
    ofm_plog(a->plugin, OFM_LOG_INFO, "%016" PRIx64 ": role reply role=%s "
             "generation_id=%" PRIu64, ofm_dp_id(ev->dp),
             ofm_role_name(ofm_get32(m->data + 8)), ofm_get64(m->data + 16));
}

static void
on_error(const struct ofm_event *ev, void *aux)
{
    struct asyncev *a = aux;
    struct ofm_err_msg em;
    if (!ofm_decode_error(ev->msg, &em)) {
        ofm_plog(a->plugin, OFM_LOG_INFO, "%016" PRIx64 ": switch error %s/%s",
                 ofm_dp_id(ev->dp), ofm_err_type_name(ev->msg->version, em.type),
                 ofm_err_code_name(ev->msg->version, em.type, em.code));
    }
}

static void
on_role_status(const struct ofm_event *ev, void *aux)
{
    struct asyncev *a = aux;
    struct ofm_role_status rs;
    int error = ofm_decode_role_status(ev->msg, &rs);
    if (error) {
        ofm_plog(a->plugin, OFM_LOG_ERROR, "role status not decoded: %s",
                 ofm_err_str(error));
        return;
    }
    ofm_plog(a->plugin, OFM_LOG_INFO, "%016" PRIx64 ": EventOFPRoleStatus role=%s "
             "reason=%s generation_id=%" PRIu64 " properties=%zu bytes",
             ofm_dp_id(ev->dp), ofm_role_name(rs.role), ofm_role_reason_name(rs.reason),
             rs.generation_id, rs.props_size);
}

static void
on_table_status(const struct ofm_event *ev, void *aux)
{
    struct asyncev *a = aux;
    struct ofm_table_status ts;
    int error = ofm_decode_table_status(ev->msg, &ts);
    if (error) {
        ofm_plog(a->plugin, OFM_LOG_ERROR, "table status not decoded: %s",
                 ofm_err_str(error));
        return;
    }
    char vacancy[64] = "none";
    if (ts.table.has_vacancy) {
        snprintf(vacancy, sizeof vacancy, "down=%u,up=%u,now=%u",
                 ts.table.vacancy_down, ts.table.vacancy_up, ts.table.vacancy);
    }
    ofm_plog(a->plugin, OFM_LOG_INFO, "%016" PRIx64 ": EventOFPTableStatus reason=%s "
             "table_id=%u config=0x%" PRIx32 " vacancy=%s", ofm_dp_id(ev->dp),
             ofm_table_reason_name(ts.reason), ts.table.table_id, ts.table.config,
             vacancy);
}

static void
on_request_forward(const struct ofm_event *ev, void *aux)
{
    struct asyncev *a = aux;
    struct ofm_requestforward rf;
    int error = ofm_decode_requestforward(ev->msg, &rf);
    if (error) {
        ofm_plog(a->plugin, OFM_LOG_ERROR, "request forward not decoded: %s",
                 ofm_err_str(error));
        return;
    }
    const struct ofm_msg *r = &rf.request;
    char what[96] = "";
    if ((r->type == OFPT13_GROUP_MOD || r->type == OFPT13_METER_MOD) && r->size >= 16) {
        /* Both bodies start with a 16-bit command and have their 32-bit
         * id 4 bytes in. */
        snprintf(what, sizeof what, " command=%u %s_id=%" PRIu32,
                 ofm_get16(r->data + 8), r->type == OFPT13_GROUP_MOD ? "group" : "meter",
                 ofm_get32(r->data + 12));
    }
    ofm_plog(a->plugin, OFM_LOG_INFO, "%016" PRIx64 ": EventOFPRequestForward "
             "request=%s xid=%" PRIu32 " length=%zu%s", ofm_dp_id(ev->dp),
             ofm_msg_name(r), r->xid, r->size, what);
}

static void
on_controller_status(const struct ofm_event *ev, void *aux)
{
    struct asyncev *a = aux;
    struct ofm_controller_status cs;
    int error = ofm_decode_controller_status(ev->msg, &cs);
    if (error) {
        ofm_plog(a->plugin, OFM_LOG_ERROR, "controller status not decoded: %s",
                 ofm_err_str(error));
        return;
    }
    ofm_plog(a->plugin, OFM_LOG_INFO, "%016" PRIx64 ": EventOFPControllerStatus "
             "short_id=%u role=%s reason=%s channel_status=%s uri=%.*s",
             ofm_dp_id(ev->dp), cs.short_id, ofm_role_name(cs.role),
             ofm_controller_status_reason_name(cs.reason),
             ofm_channel_status_name(cs.channel_status), (int) cs.uri_len,
             cs.uri ? cs.uri : "");
}

static int
read_config(struct asyncev *a, char *err, size_t err_size)
{
    const struct ofm_conf *conf = ofm_plugin_config(a->plugin);
    a->role = OFPCR_ROLE_NOCHANGE;
    if (!conf) {
        return 0;
    }
    static const char *const keys[] = { "role", "generation_id", "async_all", NULL };
    const char *role = NULL;
    long long gen = 0;
    if (ofm_conf_kind(conf) != OFM_CONF_MAP) {
        ofm_err_printf(err, err_size, "%s: asyncev: must be a map", ofm_conf_where(conf));
        return -1;
    }
    if (ofm_conf_check_keys(conf, keys, err, err_size)
        || ofm_conf_get_string(conf, "role", &role, err, err_size)
        || ofm_conf_get_int(conf, "generation_id", 0, INT64_MAX, &gen, err, err_size)
        || ofm_conf_get_bool(conf, "async_all", &a->async_all, err, err_size)) {
        return -1;
    }
    static const char *const roles[] = {
        [OFPCR_ROLE_EQUAL] = "equal", [OFPCR_ROLE_MASTER] = "master",
        [OFPCR_ROLE_SLAVE] = "slave",
    };
    for (uint32_t i = OFPCR_ROLE_EQUAL; role && i <= OFPCR_ROLE_SLAVE; i++) {
        if (!strcmp(role, roles[i])) {
            a->role = i;
        }
    }
    if (role && a->role == OFPCR_ROLE_NOCHANGE) {
        ofm_err_printf(err, err_size, "%s: role must be equal, master or slave, not %s",
                       ofm_conf_where(ofm_conf_get(conf, "role")), role);
        return -1;
    }
    a->generation_id = (uint64_t) gen;
    return 0;
}

static int
asyncev_init(struct ofm_plugin *p, char *err, size_t err_size)
{
    struct asyncev *a = &the_plugin;
    a->plugin = p;
    if (read_config(a, err, err_size)) {
        return -1;
    }
    ofm_handler_register(p, OFM_EV_STATE_CHANGE, OFM_STATE_MAIN, on_state, a);
    ofm_handler_register(p, OFM_EV_ROLE_REPLY, OFM_STATE_MAIN, on_role_reply, a);
    ofm_handler_register(p, OFM_EV_ERROR, OFM_STATE_ANY, on_error, a);
    ofm_handler_register(p, OFM_EV_ROLE_STATUS, OFM_STATE_MAIN, on_role_status, a);
    ofm_handler_register(p, OFM_EV_TABLE_STATUS, OFM_STATE_MAIN, on_table_status, a);
    ofm_handler_register(p, OFM_EV_REQUEST_FORWARD, OFM_STATE_MAIN,
                         on_request_forward, a);
    ofm_handler_register(p, OFM_EV_CONTROLLER_STATUS, OFM_STATE_MAIN,
                         on_controller_status, a);
    return 0;
}

OFM_PLUGIN(.name = "asyncev",
           .ofp_versions = OFM_VERSION_BIT(OFP14_VERSION) | OFM_VERSION_BIT(OFP15_VERSION),
           .config_section = "asyncev", .init = asyncev_init);
