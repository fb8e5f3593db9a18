/* TLS streams (stream-tls.c). */
#ifndef STREAM_TLS_H
#define STREAM_TLS_H 1

#include "stream.h"

extern const struct stream_class stream_tls_class;

/* Loads the controller's private key and certificate, and the CA
 * certificates that switches' certificates must be signed by ('ca' NULL:
 * switches are not asked for one).  Returns 0, or an error after writing
 * into 'err' a message naming the file at fault. */
int stream_tls_init(const char *key, const char *cert, const char *ca,
                    char *err, size_t err_size);
bool stream_tls_enabled(void);
void stream_tls_uninit(void);
/* The kind state of a TLS stream over 'fd': accepting ('server') or
 * connecting. */
void *stream_tls_wrap(int fd, bool server);
/* The kind state of a TLS stream that connects over 'fd' to the switch
 * 'host' (a name or an IP address), whose certificate must be for 'host'. */
void *stream_tls_wrap_active(int fd, const char *host);
/* Moves the handshake of 'ssl' (from stream_tls_wrap_active()) on, before
 * a stream is made of it: 0 once done (the peer's subject is logged),
 * EAGAIN with '*events' to wait for, or another error after writing why
 * into 'why' ('peer' names the switch in log lines). */
int stream_tls_connect_step(void *ssl, const char *peer, int *events,
                            char *why, size_t why_size);
/* Frees 'ssl' when no stream was made of it. */
void stream_tls_free(void *ssl);

#endif /* stream-tls.h */
