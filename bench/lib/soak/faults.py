"""Faults on a schedule, alone and overlapping, each recorded as a window: from when it hit
to when the service was back (plus a short grace for clients to notice), and a sampler of
the outbox backlog (index changes and emails not yet done) once a second."""
import threading
import time

import psycopg2

# (start as a share of the run, fault, seconds it lasts as a share of the run)
SCHEDULE = (
    (0.07, "kill -9 RQ worker", 0),
    (0.14, "SIGSTOP Elasticsearch", 0.034),
    (0.24, "PostgreSQL restart", 0),
    (0.32, "Redis restart", 0),
    (0.40, "kill -9 gunicorn worker", 0),
    (0.47, "Elasticsearch node stopped", 0.08),
    # overlapping
    (0.62, "SIGSTOP Elasticsearch", 0.034),
    (0.63, "kill -9 RQ worker", 0),
    (0.645, "kill -9 gunicorn worker", 0),
    (0.72, "PostgreSQL restart", 0),
    (0.725, "Redis restart", 0),
    (0.80, "Elasticsearch node stopped", 0.06),  # not in the 60 s run: a node takes a minute to start
    (0.82, "PostgreSQL restart", 0),
    (0.835, "kill -9 RQ worker", 0),
)
GRACE_SECONDS = 2.0
LONGEST_PAUSE = 20.0  # the SIGSTOP of Elasticsearch; the 60 s run pauses it shorter


class Faults:
    def __init__(self, services, app, clock, seconds, smoke=False):
        self.services, self.app, self.clock, self.seconds, self.smoke = services, app, clock, seconds, smoke
        self.windows = []  # {"fault", "start", "end", "detail"}
        self.errors = []
        self.threads = []

    def start(self):
        for share, fault, length in SCHEDULE:
            if self.smoke and share == 0.80:
                continue
            lasts = min(LONGEST_PAUSE, length * self.seconds) if "SIGSTOP" in fault else length * self.seconds
            thread = threading.Thread(target=self._run, args=(share * self.seconds, fault, lasts), daemon=True)
            thread.start()
            self.threads.append(thread)

    def join(self):
        for thread in self.threads:
            thread.join()

    @property
    def last_end(self):
        return max((window["end"] for window in self.windows), default=0.0)

    def _run(self, at, fault, lasts):
        time.sleep(max(0.0, at - self.clock()))
        hit = [self.clock()]  # moved to when it really hits, for a fault waiting its turn
        try:
            detail = self._inflict(fault, lasts, hit)
        except Exception as error:  # reported, and the invariants still run
            self.errors.append(f"{fault} at {hit[0]:.0f}s: {error}")
            detail = f"failed: {error}"
        self.windows.append({"fault": fault, "start": round(hit[0], 2), "end": round(self.clock() + GRACE_SECONDS, 2),
                             "detail": detail})

    def _inflict(self, fault, lasts, hit):
        services, app = self.services, self.app
        if fault == "kill -9 RQ worker":
            pid = app.kill_rq_worker()
            self._until(lambda: app.processes["worker"].children() and
                        app.processes["worker"].children()[0] != pid, 60)
            return f"pid {pid}; restarted by scripts/supervise"
        if fault == "kill -9 gunicorn worker":
            pid = app.kill_gunicorn_worker()
            self._until(lambda: len(app.processes["gunicorn"].children()) == app.WORKERS, 60)
            return f"pid {pid}; gunicorn started another"
        if fault == "SIGSTOP Elasticsearch":
            # Not while a node is starting: a launcher stopped mid-start never returned (twice,
            # 600 s); so the Elasticsearch faults take turns, the others overlap them.
            with services.node_lock:
                hit[0] = self.clock()
                paused = services.pause_elasticsearch()
                try:
                    time.sleep(lasts)
                finally:
                    services.resume_elasticsearch(paused)
            return f"{len(paused)} node(s) stopped for {lasts:.0f} s"
        if fault == "PostgreSQL restart":
            services.restart_postgres()
            return "pg_ctlcluster restart -m fast"
        if fault == "Redis restart":
            services.restart_redis()
            return "shutdown, started again (append-only file)"
        if fault == "Elasticsearch node stopped":
            with services.node_lock:  # overlapping node stops would stop a node still starting
                hit[0] = self.clock()
                victim = services.stop_node()
                time.sleep(lasts)
                services.start_node()
            return f"node-{victim} (not the master) down for {lasts:.0f} s, started again"
        raise ValueError(fault)

    @staticmethod
    def _until(predicate, seconds):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if predicate():
                return
            time.sleep(0.2)
        raise RuntimeError("did not recover")


BACKLOG_SQL = """
    SELECT (SELECT count(*) FROM search_pendingindexchange WHERE processed_at IS NULL),
           (SELECT count(*) FROM emails_outboundemail WHERE status = 'pending')
"""


class BacklogSampler:
    """The outbox backlog once a second, on its own connection (None while PostgreSQL is away)."""

    def __init__(self, database_url, clock):
        self.url, self.clock = database_url, clock
        self.samples = []  # (t, index changes, emails) or (t, None, None)
        self.stop_event = threading.Event()
        self.thread = threading.Thread(target=self._loop, daemon=True)

    def start(self):
        self.thread.start()

    def stop(self):
        self.stop_event.set()
        self.thread.join(timeout=10)

    def _loop(self):
        connection = None
        while not self.stop_event.wait(1.0):
            try:
                if connection is None:
                    connection = psycopg2.connect(self.url, connect_timeout=2)
                    connection.autocommit = True
                with connection.cursor() as cursor:
                    cursor.execute(BACKLOG_SQL)
                    changes, emails = cursor.fetchone()
                self.samples.append((self.clock(), changes, emails))
            except psycopg2.Error:
                self.samples.append((self.clock(), None, None))
                if connection is not None:
                    connection.close()
                connection = None
