/* tests/unit/test-sw.h: the switch's end of a connection, for the unit
 * tests that drive the manager's connection code (ofconn.c) over a
 * socketpair on the manager's own loop. */
#ifndef TEST_SW_H
#define TEST_SW_H 1

#include <stddef.h>
#include <stdint.h>

struct ev_loop;
struct ofconn;

extern struct ev_loop *tsw_loop;    /* The loop ofconn runs on. */
extern int tsw_fd;                  /* The switch's end (non-blocking). */

/* Opens a socketpair, hands one end to ofconn_adopt() on 'tsw_loop' and
 * keeps the other in 'tsw_fd'; returns the controller's connection. */
struct ofconn *tsw_connect(void);
/* Runs the loop a few times without waiting, so that what either side
 * wrote is read and answered. */
void tsw_pump(void);
/* Writes 'size' bytes as the switch (all of them, or the test fails), then
 * pumps the loop. */
void tsw_write(const void *data, size_t size);
/* Fills in an OpenFlow header at 'p'. */
void tsw_header(uint8_t *p, uint8_t version, uint8_t type, uint16_t len,
                uint32_t xid);

#endif /* test-sw.h */
