"""A TCP proxy in front of PostgreSQL that loses one COMMIT's answer.

usage: cutproxy.py LISTEN_PORT TARGET_HOST TARGET_PORT ARMFILE LOG

Relays every connection unchanged. While ARMFILE exists it holds a marker
(e.g. "dun.inbound"): the first connection whose client sends the marker and
then a COMMIT has that COMMIT forwarded, the server's answer read and
dropped (so the server has committed), and both sides closed, as a network
or a server crash would between the commit and its answer. ARMFILE is then
removed and the cut written to LOG. Prints "ready" once listening.
"""
import os
import select
import socket
import socketserver
import sys
import threading

LISTEN, HOST, PORT, ARM, LOG = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
lock = threading.Lock()


def marker():
    try:
        with open(ARM, "rb") as f:
            return f.read().strip()
    except FileNotFoundError:
        return None


def cut(client, server, data):
    """Forward the COMMIT, swallow its answer; True when this connection was cut."""
    with lock:
        if marker() is None:
            return False
        server.sendall(data)
        server.settimeout(5)
        answer = server.recv(65536)
        os.unlink(ARM)
        with open(LOG, "a") as log:
            log.write("cut after COMMIT; dropped %d bytes of answer: %r\n" % (len(answer), answer[:40]))
        return True


class Relay(socketserver.BaseRequestHandler):
    def handle(self):
        client = self.request
        server = socket.create_connection((HOST, PORT))
        marked = False
        try:
            while True:
                ready, _, _ = select.select([client, server], [], [])
                if client in ready:
                    data = client.recv(65536)
                    if not data:
                        return
                    m = marker()
                    marked = marked or (m is not None and m in data)
                    if marked and b"COMMIT" in data and cut(client, server, data):
                        return
                    server.sendall(data)
                if server in ready:
                    data = server.recv(65536)
                    if not data:
                        return
                    client.sendall(data)
        except OSError:
            return
        finally:
            server.close()


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


with Server(("127.0.0.1", LISTEN), Relay) as srv:
    print("ready", flush=True)
    srv.serve_forever()
