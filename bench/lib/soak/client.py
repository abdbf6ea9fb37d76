"""A small keep-alive HTTP client per thread, with cookies (for the admin) and a timeout:
a request that fails to connect or times out is status 0, never an exception."""
import http.client
import json
import re
import time
from urllib.parse import urlencode

TIMEOUT = 10.0


class Reply:
    def __init__(self, status, body, headers, seconds):
        self.status, self.body, self.headers, self.seconds = status, body, headers, seconds

    @property
    def ok(self):
        return 200 <= self.status < 400

    def json(self):
        try:
            return json.loads(self.body)
        except ValueError:
            return {}


class Client:
    def __init__(self, port, headers=None):
        self.port, self.headers, self.cookies = port, dict(headers or {}), {}
        self.connection = None

    def _connect(self):
        self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT)

    def request(self, method, path, *, data=None, form=None, headers=None):
        headers = {**self.headers, **(headers or {})}
        body = None
        if data is not None:
            body, headers["Content-Type"] = json.dumps(data), "application/json"
        elif form is not None:
            body, headers["Content-Type"] = urlencode(form, doseq=True), "application/x-www-form-urlencoded"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        started = time.perf_counter()
        try:
            if self.connection is None:
                self._connect()
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            text = response.read().decode(errors="replace")
            for value in response.headers.get_all("Set-Cookie") or []:
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
            if response.getheader("Connection", "").lower() == "close":
                self.close()
            return Reply(response.status, text, dict(response.headers), time.perf_counter() - started)
        except (OSError, http.client.HTTPException) as error:
            self.close()
            return Reply(0, str(error), {}, time.perf_counter() - started)

    def close(self):
        if self.connection is not None:
            self.connection.close()
            self.connection = None

    def csrf_form(self, path):
        """GETs a form page; its CSRF token, or None."""
        reply = self.request("GET", path)
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', reply.body)
        return found.group(1) if found else None
