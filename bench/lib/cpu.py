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


def _seconds(fields):
    """utime + stime + cutime + cstime of a /proc stat line, in seconds."""
    return sum(int(value) for value in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def _stat(pid):
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def cpu_seconds(pid):
    """CPU time a process and its living descendants used (gunicorn: the master and its
    workers), waited-for children included."""
    children = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            children.setdefault(int(_stat(stat.parent.name)[1]), []).append(int(stat.parent.name))
        except (OSError, ValueError):
            continue
    total, todo = 0.0, [pid]
    while todo:
        current = todo.pop()
        try:
            total += _seconds(_stat(current))
        except OSError:  # ended meanwhile
            continue
        todo += children.get(current, [])
    return total


def cpu_by_service():
    totals = dict.fromkeys((name for name, _ in SERVICES), 0.0)
    for process in Path("/proc").glob("[0-9]*"):
        try:
            command = (process / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            fields = _stat(process.name)
        except OSError:
            continue
        name = _service(command)
        if name:
            totals[name] += _seconds(fields)
    return totals
