-- Cycles through the requests listed in a file (one "METHOD<TAB>PATH<TAB>BODY" per
-- line) and prints latency percentiles and counts as one JSON line when done.
-- Usage: wrk ... -s rotate.lua http://host:port -- requests.tsv
-- cache_hits.lua builds on it (dofile): `threads` and summary_json are shared.
threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  requests = {}
  for line in io.lines(args[1]) do
    local method, path, body = line:match("^([^\t]*)\t([^\t]*)\t?(.*)$")
    local headers = {}
    if body ~= nil and body ~= "" then
      headers["Content-Type"] = "application/json"
    else
      body = nil
    end
    table.insert(requests, wrk.format(method, path, headers, body))
  end
  counter = (id * 7) % #requests + 1
end

function request()
  local r = requests[counter]
  counter = counter % #requests + 1
  return r
end

-- The run's figures as one JSON object; `extra` (already JSON, e.g. ', "hit": 3') is appended.
function summary_json(summary, latency, extra)
  return string.format(
    '{"requests": %d, "duration_us": %d, "errors": %d, "non_2xx": %d, '
    .. '"p50_ms": %.3f, "p95_ms": %.3f, "p99_ms": %.3f, "mean_ms": %.3f, "max_ms": %.3f%s}\n',
    summary.requests, summary.duration,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.mean / 1000, latency.max / 1000, extra or "")
end

function done(summary, latency, requests)
  io.write(summary_json(summary, latency))
end
