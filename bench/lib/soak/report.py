"""The soak's report: results.json, report.md and timeline.svg (faults as bands; search
latency, errors and the outbox backlog per second)."""
import json
from collections import defaultdict
from xml.sax.saxutils import escape

WIDTH, PANEL, LEFT, RIGHT, GAP = 960, 150, 60, 20, 34
BANDS = {"kill -9 RQ worker": "#f4c7c3", "SIGSTOP Elasticsearch": "#fce8b2", "PostgreSQL restart": "#b7e1cd",
         "Redis restart": "#c6dafc", "kill -9 gunicorn worker": "#e1bee7", "Elasticsearch node stopped": "#ffe0b2"}


def _per_second(samples, seconds):
    latency, errors = defaultdict(list), defaultdict(int)
    for t, kind, ms, status in samples:
        if kind in ("search", "suggest"):
            latency[int(t)].append(ms)
            errors[int(t)] += not 200 <= status < 300
    p99 = [sorted(latency[s])[int(0.99 * (len(latency[s]) - 1))] if latency[s] else 0 for s in range(seconds)]
    return p99, [errors[s] for s in range(seconds)]


def _panel(top, title, series, seconds, colours):
    peak = max((v for values in series.values() for v in values if v is not None), default=0) or 1
    x = lambda s: LEFT + (WIDTH - LEFT - RIGHT) * s / max(1, seconds)  # noqa: E731
    y = lambda v: top + PANEL - PANEL * v / peak  # noqa: E731
    parts = [f'<text x="{LEFT}" y="{top - 6}" font-size="12" fill="#333">{escape(title)}</text>',
             f'<rect x="{LEFT}" y="{top}" width="{WIDTH - LEFT - RIGHT}" height="{PANEL}" fill="none" stroke="#999"/>',
             f'<text x="{LEFT - 4}" y="{top + 10}" font-size="10" text-anchor="end">{peak:.0f}</text>',
             f'<text x="{LEFT - 4}" y="{top + PANEL}" font-size="10" text-anchor="end">0</text>']
    for (name, values), colour in zip(series.items(), colours):
        points = " ".join(f"{x(s):.1f},{y(v):.1f}" for s, v in enumerate(values) if v is not None)
        parts.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="1.2"/>')
        parts.append(f'<text x="{WIDTH - RIGHT - 4}" y="{top + 14 + 12 * list(series).index(name)}" font-size="10" '
                     f'text-anchor="end" fill="{colour}">{escape(name)}</text>')
    return parts


def timeline_svg(results, samples, backlog):
    seconds = int(results["seconds"]) + 1
    end = max([int(t) for t, *_ in backlog] + [seconds]) + 1
    p99, errors = _per_second(samples, end)
    changes, emails = [None] * end, [None] * end
    for t, c, e in backlog:
        if int(t) < end:
            changes[int(t)], emails[int(t)] = c, e
    height = 3 * (PANEL + GAP) + 60
    x = lambda s: LEFT + (WIDTH - LEFT - RIGHT) * s / end  # noqa: E731
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" font-family="sans-serif">',
             '<rect width="100%" height="100%" fill="white"/>']
    for window in results["faults"]:
        colour = BANDS.get(window["fault"], "#eeeeee")
        left, width = x(window["start"]), max(1.5, x(window["end"]) - x(window["start"]))
        parts.append(f'<rect x="{left:.1f}" y="{GAP - 10}" width="{width:.1f}" '
                     f'height="{3 * (PANEL + GAP) - GAP + 10}" fill="{colour}" opacity="0.7">'
                     f'<title>{escape(window["fault"])}</title></rect>')
    parts += _panel(GAP, "search + suggest p99 latency per second (ms)", {"p99 ms": p99}, end, ["#1a73e8"])
    parts += _panel(GAP + PANEL + GAP, "search + suggest errors per second", {"errors": errors}, end, ["#d93025"])
    parts += _panel(GAP + 2 * (PANEL + GAP), "outbox backlog (pending index changes, pending emails)",
                    {"index changes": changes, "emails": emails}, end, ["#188038", "#9334e6"])
    legend_y = 3 * (PANEL + GAP) + 20
    for i, (name, colour) in enumerate(BANDS.items()):
        parts.append(f'<rect x="{LEFT + 150 * i}" y="{legend_y}" width="12" height="12" fill="{colour}"/>'
                     f'<text x="{LEFT + 150 * i + 16}" y="{legend_y + 10}" font-size="10">{escape(name)}</text>')
    parts.append(f'<text x="{LEFT}" y="{height - 8}" font-size="10">seconds 0 to {end}; last fault over at '
                 f'{results["last_fault_end"]:.0f} s</text></svg>')
    return "\n".join(parts)


def markdown(results):
    inv, s = results["invariants"], results["invariants"]["searches"]
    lines = [f"# Soak: {results['seconds']} s of mixed load with faults ({results['started']})", "",
             f"Verdict: **{'PASS' if results['passed'] else 'FAIL'}**" +
             (f" — failed: {', '.join(results['failed'])}" if results["failed"] else ""), "",
             f"Catalog {results['products']} products; 8 shopper connections, staff API and admin writers; "
             f"services of its own (PostgreSQL :{results['ports']['postgres']}, Redis :{results['ports']['redis']}, "
             f"two Elasticsearch nodes :{results['ports']['elasticsearch']}).", "",
             "![timeline](timeline.svg)", "", "## Invariants", "", "| invariant | figure |", "|---|---|"]
    w, ix, em, bl, ql = inv["writes"], inv["index"], inv["emails"], inv["backlog"], inv["query_log"]
    lines += [
        f"| acknowledged staff writes lost | {w['lost']} of {w['acknowledged']} acknowledged ({w['attempted']} sent) |",
        f"| index vs PostgreSQL {results['convergence']['deadline_seconds']} s after the last fault "
        f"| {ix['total']} mismatches (missing {ix['missing']}, stale {ix['stale']}, unpublished/deleted "
        f"{ix['unexpected']}); converged {results['convergence']['converged_after']} |",
        f"| back-in-stock emails | {em['owed']} owed: {em['missing']} missing, {em['duplicates']} duplicates, "
        f"{em['unexpected']} unexpected; all delivered {em.get('all_delivered_after', '?')} |",
        f"| outbox after convergence | {bl['index_changes_pending']} index changes pending, "
        f"{bl['index_changes_parked']} parked; {bl['emails_pending']} emails pending, {bl['emails_failed']} failed |",
        f"| query log | {ql['logged']} of {ql['answered']} answered searches; {ql['missing']} missing: "
        f"{ql['lost_to_killed_web_process']} lost with a killed web process (documented), "
        f"{ql['unexplained']} unexplained |",
        f"| searches outside fault windows | {s['outside']['errors']} errors of {s['outside']['requests']} "
        f"({100 * s['outside']['error_rate']:.2f} %), p50 {s['outside']['p50_ms']:.0f} ms, "
        f"p99 {s['outside']['p99_ms']:.0f} ms |",
        f"| searches inside fault windows | {s['inside']['errors']} errors of {s['inside']['requests']} "
        f"({100 * s['inside']['error_rate']:.2f} %, {s['inside']['statuses']}), p50 {s['inside']['p50_ms']:.0f} ms, "
        f"p99 {s['inside']['p99_ms']:.0f} ms |",
        f"| clicks | {s['clicks']['errors']} errors of {s['clicks']['requests']} |",
        "", "## Staff writes", "", "| kind | sent | acknowledged |", "|---|---|---|"]
    lines += [f"| {kind} | {c['attempted']} | {c['acknowledged']} |" for kind, c in w["by_kind"].items()]
    lines += ["", "## Faults", "", "| fault | from (s) | to (s, service back + 2 s) | detail |", "|---|---|---|---|"]
    lines += [f"| {f['fault']} | {f['start']:.1f} | {f['end']:.1f} | {f['detail']} |"
              for f in sorted(results["faults"], key=lambda f: f["start"])]
    if results["fault_errors"]:
        lines += ["", "Faults that could not be inflicted: " + "; ".join(results["fault_errors"])]
    return "\n".join(lines) + "\n"


def write(directory, results, samples, backlog):
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "results.json").write_text(json.dumps(results, indent=2, default=str) + "\n")
    (directory / "report.md").write_text(markdown(results))
    (directory / "timeline.svg").write_text(timeline_svg(results, samples, backlog))
