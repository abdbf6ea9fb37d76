"""CPU seconds used so far by each backing service's processes, read from /proc.

CPU per request does not move with how busy the shared machine is the way
latency does, so it is the figure for before/after comparisons of one change.
Processes that ended since the last reading drop out, so readings are only
compared around runs in which the measured servers stay up.
"""
import os
from pathlib import Path

SERVICES = (("gunicorn", "gunicorn"), ("elasticsearch", "org.elasticsearch"), ("postgres", "postgres: "),
            ("redis", "redis-server"), ("wrk", "wrk "))


def _service(command):
    for name, marker in SERVICES:
        if marker in command:
            return name
    return None


def cpu_by_service():
    ticks = os.sysconf("SC_CLK_TCK")
    totals = {name: 0.0 for name, _ in SERVICES}
    for process in Path("/proc").glob("[0-9]*"):
        try:
            command = (process / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            fields = (process / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        name = _service(command)
        if name:
            totals[name] += (int(fields[11]) + int(fields[12])) / ticks
    return totals
