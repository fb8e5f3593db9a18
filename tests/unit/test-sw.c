/* tests/unit/test-sw.c: the switch's end of a connection (test-sw.h). */
#include <config.h>
#include "test-sw.h"
#include "../../manager/manager.h"

#include <CUnit/Basic.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

struct ev_loop *tsw_loop;
int tsw_fd = -1;

struct ofconn *
tsw_connect(void)
{
    int sv[2];
    CU_ASSERT_EQUAL_FATAL(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    tsw_fd = sv[1];
    fcntl(tsw_fd, F_SETFL, O_NONBLOCK);
    return ofconn_adopt(tsw_loop, sv[0], "test", 1);
}

void
tsw_pump(void)
{
    for (int i = 0; i < 4; i++) {
        ev_run(tsw_loop, EVRUN_NOWAIT);
    }
}

void
tsw_write(const void *data, size_t size)
{
    CU_ASSERT_EQUAL_FATAL(write(tsw_fd, data, size), (ssize_t) size);
    tsw_pump();
}

void
tsw_header(uint8_t *p, uint8_t version, uint8_t type, uint16_t len, uint32_t xid)
{
    p[0] = version;
    p[1] = type;
    ofm_put16(p + 2, len);
    ofm_put32(p + 4, xid);
}
