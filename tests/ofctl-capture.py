#! /usr/bin/python3
# ofctl-capture.py VERSION OUT PORTFILE: a stand-in OpenFlow switch on
# 127.0.0.1 for ovs-ofctl, so that tests see the bytes Open vSwitch's own
# encoder writes.  It listens on a free port (written to PORTFILE), says
# HELLO in wire version VERSION, answers what ovs-ofctl asks before it sends
# a modification (echo, features, multipart: description, table features
# with the properties ovs-ofctl requires, empty bodies otherwise), appends
# every flow, group and meter mod it receives to OUT, and exits after the
# first barrier, which it answers.  ovs-ofctl may connect more than once.
# VERSION 1 (OpenFlow 1.0) numbers its messages otherwise: stats at 16/17,
# barrier at 18/19.
import socket
import struct
import sys

MODS = (13, 14, 15, 16, 17, 29)     # packet-out, flow/group/port/table/meter mod
MODS10 = (13, 14, 15)               # 1.0: packet-out, flow mod, port mod


def reply(version, mtype, xid, body=b""):
    return struct.pack("!BBHI", version, mtype, 8 + len(body), xid) + body


def multipart_reply(version, xid, mp):
    body = b""
    if mp == 0:
        body = bytes(1056)
    elif mp == 12:
        props = b"".join(struct.pack("!HH4x", t, 4)
                         for t in (0, 2, 4, 6, 8, 10, 12, 14))
        body = struct.pack("!HB5x32sQQII", 64 + len(props), 0, b"t0",
                           0, 0, 0, 1000) + props
    return reply(version, 19, xid, struct.pack("!HH4x", mp, 0) + body)


def main():
    version = int(sys.argv[1], 0)
    out = open(sys.argv[2], "wb")
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    listener.settimeout(10)
    with open(sys.argv[3], "w") as f:
        f.write("%d\n" % listener.getsockname()[1])

    done = False
    while not done:
        conn, _ = listener.accept()
        conn.settimeout(10)
        conn.sendall(reply(version, 0, 0))
        buf = b""
        while not done:
            data = conn.recv(65536)
            if not data:
                break
            buf += data
            while len(buf) >= 8:
                _, mtype, length, xid = struct.unpack("!BBHI", buf[:8])
                if length < 8 or len(buf) < length:
                    break
                msg, buf = buf[:length], buf[length:]
                if mtype in (MODS10 if version == 1 else MODS):
                    out.write(msg)
                elif version == 1 and mtype == 16:
                    # 1.0 stats: an empty reply of the type asked.
                    conn.sendall(reply(version, 17, xid, msg[8:10] + bytes(2)))
                elif mtype == 2:
                    conn.sendall(reply(version, 3, xid, msg[8:]))
                elif mtype == 5:
                    conn.sendall(reply(version, 6, xid, struct.pack(
                        "!QIBB2xII", 1, 0, 1, 0, 0, 0)))
                elif version == 1 and mtype == 18:
                    conn.sendall(reply(version, 19, xid))   # 1.0 barrier
                    done = True
                elif mtype == 18:
                    mp = struct.unpack("!H", msg[8:10])[0]
                    conn.sendall(multipart_reply(version, xid, mp))
                elif mtype == 20:
                    conn.sendall(reply(version, 21, xid))
                    done = True
        conn.close()
    out.close()


main()
