"""A one-off HTTP listener for the channels tests: logs the path of every
request, one per line, to LOGFILE and answers 200. Stands in for `dun serve`
so the tests can see Kannel's delivery-report and inbound callbacks.
Usage: /usr/bin/python3 http_log.py PORT LOGFILE"""
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

port, logfile = int(sys.argv[1]), sys.argv[2]
log = open(logfile, "a", buffering=1)


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        log.write(self.path + "\n")
        body = b"ok\n"
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_POST = do_GET

    def log_message(self, *args):
        pass


ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()
