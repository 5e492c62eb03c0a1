"""A desktop notification server for tests: owns org.freedesktop.Notifications
on the session bus named by DBUS_SESSION_BUS_ADDRESS and writes each Notify
call as one JSON line to LOGFILE (app_name, summary, body, urgency, timeout).
With NOTIFY_HANG=1 it logs the call and then never answers it (a server
that hangs). Usage: /usr/bin/python3 notify.py LOGFILE"""
import json
import os
import sys
import time

import dbus
import dbus.mainloop.glib
import dbus.service
from gi.repository import GLib

IFACE = "org.freedesktop.Notifications"
log = open(sys.argv[1], "a", buffering=1, encoding="utf-8")


class Server(dbus.service.Object):
    def __init__(self, bus):
        self.next_id = 0
        super().__init__(dbus.service.BusName(IFACE, bus), "/org/freedesktop/Notifications")

    @dbus.service.method(IFACE, in_signature="susssasa{sv}i", out_signature="u")
    def Notify(self, app_name, replaces_id, icon, summary, body, actions, hints, timeout):
        self.next_id += 1
        urgency = int(hints.get("urgency", 1))
        log.write(json.dumps({"app_name": str(app_name), "summary": str(summary), "body": str(body),
                              "urgency": urgency, "timeout": int(timeout)}, ensure_ascii=False) + "\n")
        if os.environ.get("NOTIFY_HANG") == "1":
            time.sleep(3600)
        return self.next_id

    @dbus.service.method(IFACE, out_signature="as")
    def GetCapabilities(self):
        return ["body"]

    @dbus.service.method(IFACE, out_signature="ssss")
    def GetServerInformation(self):
        return ["dun-test", "dun", "1", "1.2"]

    @dbus.service.method(IFACE, in_signature="u")
    def CloseNotification(self, nid):
        pass


dbus.mainloop.glib.DBusGMainLoop(set_as_default=True)
server = Server(dbus.SessionBus())
print("ready", flush=True)
GLib.MainLoop().run()
