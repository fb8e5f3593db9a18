#!/usr/bin/python3
"""Fake OpenFlow 1.3 switches over TLS for tests/bench/tls-bench.sh.

tls_switches.py HOST PORT N CERT KEY CA HOLD

Opens N TLS connections at once (asyncio, the standard library's ssl),
each going through the OpenFlow handshake (HELLO, FEATURES_REPLY with
datapath id 1..N, an empty port description) and answering echo
requests; prints "connected N in S s" once all are in MAIN, holds them
HOLD seconds, prints "held", and exits 0 (1 if any failed)."""
import asyncio
import ssl
import struct
import sys
import time


async def read_msg(reader):
    hdr = await reader.readexactly(8)
    length = struct.unpack("!H", hdr[2:4])[0]
    body = await reader.readexactly(length - 8) if length > 8 else b""
    return hdr, body


async def switch(host, port, ctx, dpid, ready):
    reader, writer = await asyncio.open_connection(host, port, ssl=ctx)
    writer.write(struct.pack("!BBHI", 4, 0, 8, 1))
    while True:
        hdr, body = await read_msg(reader)
        version, mtype, _, xid = struct.unpack("!BBHI", hdr)
        if mtype == 5:      # FEATURES_REQUEST
            writer.write(struct.pack("!BBHIQIBBxxII", 4, 6, 32, xid, dpid, 0, 1, 0, 0, 0))
        elif mtype == 18:   # MULTIPART_REQUEST (port description)
            writer.write(struct.pack("!BBHIHHxxxx", 4, 19, 16, xid, 13, 0))
            ready.set()
        elif mtype == 2:    # ECHO_REQUEST
            writer.write(struct.pack("!BBHI", 4, 3, 8 + len(body), xid) + body)
        await writer.drain()


async def main():
    host, port, n, cert, key, ca, hold = sys.argv[1:8]
    n, hold = int(n), float(hold)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.load_verify_locations(ca)
    ctx.load_cert_chain(cert, key)
    t0 = time.monotonic()
    events = [asyncio.Event() for _ in range(n)]
    tasks = []
    for i in range(n):
        tasks.append(asyncio.create_task(switch(host, int(port), ctx, i + 1, events[i])))
        if i % 50 == 49:
            await asyncio.sleep(0)      # Let the handshakes move on.
    waiter = asyncio.gather(*(e.wait() for e in events))
    done, _ = await asyncio.wait([waiter, *tasks], timeout=120,
                                 return_when=asyncio.FIRST_COMPLETED)
    if waiter not in done:
        print("not all switches came up")
        return 1
    print("connected %d in %.2f s" % (n, time.monotonic() - t0), flush=True)
    await asyncio.sleep(hold)
    failed = [t for t in tasks if t.done()]
    print("held", flush=True)
    return 1 if failed else 0


sys.exit(asyncio.run(main()))
