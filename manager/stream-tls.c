/* TLS: the encrypted stream kind, on OpenSSL, driven non-blocking from the
 * loop (stream.c calls the handshake step on every readable or writable
 * event until it is done, so a stalled handshake holds up no one; the
 * session's handshake timer bounds it).
 *
 * TLS 1.2 and 1.3 only.  With a CA file the peer must present a
 * certificate the CA signed (mutual authentication), in both directions:
 * switches connecting to us, and switches we connect to. */
#include <config.h>
#include "stream-tls.h"

#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MGR_NAME "ofmanager"

static SSL_CTX *server_ctx, *client_ctx;

static const char *
ssl_err_str(void)
{
    unsigned long e = ERR_peek_last_error();
    const char *r = e ? ERR_reason_error_string(e) : NULL;
    return r ? r : "unknown error";
}

/* Opens 'path' to give the operator errno's word on it (OpenSSL's own
 * messages seldom name the file). */
static int
check_readable(const char *what, const char *path, char *err, size_t err_size)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, err_size, "cannot read %s %s: %s", what, path, strerror(errno));
        return errno ? errno : EINVAL;
    }
    fclose(f);
    return 0;
}

static SSL_CTX *
make_ctx(bool server, const char *key, const char *cert, const char *ca,
         char *err, size_t err_size)
{
    SSL_CTX *ctx = SSL_CTX_new(server ? TLS_server_method() : TLS_client_method());
    if (!ctx) {
        snprintf(err, err_size, "cannot create a TLS context: %s", ssl_err_str());
        return NULL;
    }
    SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
    SSL_CTX_set_options(ctx, SSL_OP_NO_RENEGOTIATION | SSL_OP_NO_COMPRESSION);
    /* The send queue moves (off the shared buffer, when it grows) and is
     * written in pieces; idle connections give their record buffers back,
     * which is what keeps a thousand TLS switches cheap. */
    SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE
                     | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER | SSL_MODE_RELEASE_BUFFERS);
    ERR_clear_error();
    if (SSL_CTX_use_certificate_chain_file(ctx, cert) != 1) {
        snprintf(err, err_size, "cannot load certificate %s: %s", cert, ssl_err_str());
        goto fail;
    }
    if (SSL_CTX_use_PrivateKey_file(ctx, key, SSL_FILETYPE_PEM) != 1) {
        if (ERR_GET_REASON(ERR_peek_last_error()) == X509_R_KEY_VALUES_MISMATCH) {
            snprintf(err, err_size, "private key %s does not match certificate %s",
                     key, cert);
        } else {
            snprintf(err, err_size, "cannot load private key %s: %s", key,
                     ssl_err_str());
        }
        goto fail;
    }
    if (SSL_CTX_check_private_key(ctx) != 1) {
        snprintf(err, err_size, "private key %s does not match certificate %s: %s",
                 key, cert, ssl_err_str());
        goto fail;
    }
    if (ca) {
        if (SSL_CTX_load_verify_locations(ctx, ca, NULL) != 1) {
            snprintf(err, err_size, "cannot load CA certificates %s: %s", ca,
                     ssl_err_str());
            goto fail;
        }
        SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, NULL);
        if (server) {
            STACK_OF(X509_NAME) *names = SSL_load_client_CA_file(ca);
            if (names) {
                SSL_CTX_set_client_CA_list(ctx, names);
            }
        }
    } else {
        SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
    }
    ERR_clear_error();
    return ctx;

fail:
    ERR_clear_error();
    SSL_CTX_free(ctx);
    return NULL;
}

int
stream_tls_init(const char *key, const char *cert, const char *ca,
                char *err, size_t err_size)
{
    int error;
    if ((error = check_readable("private key", key, err, err_size))
        || (error = check_readable("certificate", cert, err, err_size))
        || (ca && (error = check_readable("CA certificates", ca, err, err_size)))) {
        return error;
    }
    server_ctx = make_ctx(true, key, cert, ca, err, err_size);
    if (!server_ctx) {
        return EINVAL;
    }
    client_ctx = make_ctx(false, key, cert, ca, err, err_size);
    if (!client_ctx) {
        SSL_CTX_free(server_ctx);
        server_ctx = NULL;
        return EINVAL;
    }
    return 0;
}

bool
stream_tls_enabled(void)
{
    return server_ctx != NULL;
}

void
stream_tls_uninit(void)
{
    SSL_CTX_free(server_ctx);
    SSL_CTX_free(client_ctx);
    server_ctx = client_ctx = NULL;
}

void *
stream_tls_wrap(int fd, bool server)
{
    SSL *ssl = SSL_new(server ? server_ctx : client_ctx);
    if (!ssl) {
        abort();
    }
    SSL_set_fd(ssl, fd);
    if (server) {
        SSL_set_accept_state(ssl);
    } else {
        SSL_set_connect_state(ssl);
    }
    return ssl;
}

static void
log_peer(const char *peer, SSL *ssl)
{
    char subject[256] = "none";
    X509 *cert = SSL_get1_peer_certificate(ssl);
    if (cert) {
        X509_NAME_oneline(X509_get_subject_name(cert), subject, sizeof subject);
        X509_free(cert);
    }
    ofm_log(MGR_NAME, OFM_LOG_INFO, "TLS connection with %s: peer certificate "
            "subject %s (%s, %s)", peer, subject, SSL_get_version(ssl),
            SSL_get_cipher_name(ssl));
}

/* Says why the handshake on 'ssl' failed, naming the certificate check
 * that refused the peer when one did. */
static void
handshake_failure(SSL *ssl, int e, char *why, size_t why_size)
{
    long v = SSL_get_verify_result(ssl);
    if (e == SSL_ERROR_SYSCALL && !ERR_peek_last_error()) {
        snprintf(why, why_size, "TLS handshake failed: %s",
                 errno ? strerror(errno) : "the peer closed the connection");
    } else if (v == X509_V_ERR_HOSTNAME_MISMATCH || v == X509_V_ERR_IP_ADDRESS_MISMATCH) {
        const char *name = SSL_get0_param(ssl)
            ? X509_VERIFY_PARAM_get0_host(SSL_get0_param(ssl), 0) : NULL;
        char *ip = name ? NULL : X509_VERIFY_PARAM_get1_ip_asc(SSL_get0_param(ssl));
        snprintf(why, why_size, "TLS handshake failed: %s (%s: the switch's "
                 "certificate is not for %s)", ssl_err_str(),
                 X509_verify_cert_error_string(v),
                 name ? name : ip ? ip : "the address connected to");
        OPENSSL_free(ip);
    } else if (v != X509_V_OK) {
        snprintf(why, why_size, "TLS handshake failed: %s (%s)", ssl_err_str(),
                 X509_verify_cert_error_string(v));
    } else {
        snprintf(why, why_size, "TLS handshake failed: %s", ssl_err_str());
    }
}

static int
handshake_step(SSL *ssl, const char *peer, int *events, char *why, size_t why_size)
{
    ERR_clear_error();
    errno = 0;
    int r = SSL_do_handshake(ssl);
    if (r == 1) {
        log_peer(peer, ssl);
        return 0;
    }
    int e = SSL_get_error(ssl, r);
    if (e == SSL_ERROR_WANT_READ) {
        *events = EV_READ;
        return EAGAIN;
    } else if (e == SSL_ERROR_WANT_WRITE) {
        *events = EV_WRITE;
        return EAGAIN;
    }
    handshake_failure(ssl, e, why, why_size);
    ERR_clear_error();
    return EPROTO;
}

static int
tls_handshake(struct stream *s, int *events, char *why, size_t why_size)
{
    SSL *ssl = s->kind_data;
    if (SSL_is_init_finished(ssl)) {
        return 0;           /* Done before the stream was made (active). */
    }
    return handshake_step(ssl, s->peer, events, why, why_size);
}

static bool
is_ip_address(const char *host)
{
    struct in6_addr a;
    return inet_pton(AF_INET, host, &a) == 1 || inet_pton(AF_INET6, host, &a) == 1;
}

void *
stream_tls_wrap_active(int fd, const char *host)
{
    SSL *ssl = stream_tls_wrap(fd, false);
    /* The CA vouches for a certificate, the names in it say for which
     * switch: a certificate the CA gave one switch must not pass for
     * another's.  (Checked only where certificates are checked at all,
     * with --ca-certs.) */
    if (is_ip_address(host)) {
        if (X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), host) != 1) {
            abort();
        }
    } else {
        SSL_set_hostflags(ssl, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
        if (SSL_set1_host(ssl, host) != 1) {
            abort();
        }
        SSL_set_tlsext_host_name(ssl, host);
    }
    return ssl;
}

int
stream_tls_connect_step(void *ssl, const char *peer, int *events,
                        char *why, size_t why_size)
{
    return handshake_step(ssl, peer, events, why, why_size);
}

void
stream_tls_free(void *ssl)
{
    ERR_clear_error();
    SSL_free(ssl);
}

/* Sets errno for what SSL_get_error() said about a failed read or write. */
static ssize_t
tls_fail(SSL *ssl, int r)
{
    int e = SSL_get_error(ssl, r);
    if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE) {
        errno = EAGAIN;
    } else if (e == SSL_ERROR_SYSCALL && errno) {
        /* errno is the system's. */
    } else {
        errno = e == SSL_ERROR_ZERO_RETURN ? EPIPE : EPROTO;
    }
    ERR_clear_error();
    return -1;
}

/* Reads records until the buffer is full or the socket has no more, so
 * that one read event takes what a TCP read would. */
static ssize_t
tls_recv(struct stream *s, void *buf, size_t size)
{
    SSL *ssl = s->kind_data;
    size_t got = 0;
    while (got < size) {
        int r = SSL_read(ssl, (char *) buf + got, size - got > INT_MAX ? INT_MAX
                         : (int) (size - got));
        if (r > 0) {
            got += (size_t) r;
            continue;
        }
        if (got) {
            ERR_clear_error();
            return (ssize_t) got;       /* The next read reports the rest. */
        }
        if (SSL_get_error(ssl, r) == SSL_ERROR_ZERO_RETURN) {
            ERR_clear_error();
            return 0;                   /* close_notify: EOF. */
        }
        if (SSL_get_error(ssl, r) == SSL_ERROR_SYSCALL && !errno
            && !ERR_peek_last_error()) {
            return 0;                   /* Closed without close_notify. */
        }
        return tls_fail(ssl, r);
    }
    return (ssize_t) got;
}

static ssize_t
tls_send(struct stream *s, const void *buf, size_t size)
{
    SSL *ssl = s->kind_data;
    ERR_clear_error();
    int r = SSL_write(ssl, buf, size > INT_MAX ? INT_MAX : (int) size);
    return r > 0 ? r : tls_fail(ssl, r);
}

static bool
tls_pending(const struct stream *s)
{
    return SSL_has_pending(s->kind_data);
}

static void
tls_close(struct stream *s)
{
    SSL *ssl = s->kind_data;
    if (ssl) {
        if (s->connected) {
            SSL_shutdown(ssl);      /* Our close_notify, if the socket takes it. */
        }
        ERR_clear_error();
        SSL_free(ssl);
        s->kind_data = NULL;
    }
}

const struct stream_class stream_tls_class = {
    .name = "TLS",
    .handshake = tls_handshake,
    .recv = tls_recv,
    .send = tls_send,
    .pending = tls_pending,
    .close = tls_close,
};
