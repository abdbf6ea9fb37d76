"""CPU seconds used so far by each backing service's processes, read from /proc.

CPU per request moves less with how busy the shared machine is than latency
does. Each process counts its own time and that of its children that ended
(cutime, cstime): a PostgreSQL backend that exits hands its time to the
postmaster, so closing connections during a run loses nothing.
"""
import os
from pathlib import Path

# The postmaster ("bin/postgres -D ...") is counted too: ended backends' time is in its cutime.
SERVICES = (("gunicorn", "gunicorn"), ("elasticsearch", "org.elasticsearch"), ("postgres", "postgres: "),
            ("postgres", "bin/postgres"), ("redis", "redis-server"), ("wrk", "wrk "))


def _service(command):
    for name, marker in SERVICES:
        if marker in command:
            return name
    return None


def cpu_by_service():
    ticks = os.sysconf("SC_CLK_TCK")
    totals = dict.fromkeys((name for name, _ in SERVICES), 0.0)
    for process in Path("/proc").glob("[0-9]*"):
        try:
            command = (process / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            fields = (process / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        name = _service(command)
        if name:
            totals[name] += sum(int(value) for value in fields[11:15]) / ticks
    return totals
