-- rotate.lua, also counting the API's X-Search-Cache header (hit, miss, bypass, or none):
-- the head-query mix's hit rate (bench/lib/head_mix.py). Prints one JSON line when done.
-- Usage: wrk ... -s cache_hits.lua http://host:port -- requests.tsv
local threads = {}

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
  hit, miss, bypass, none = 0, 0, 0, 0
end

function request()
  local r = requests[counter]
  counter = counter % #requests + 1
  return r
end

function response(status, headers, body)
  local cache = headers["X-Search-Cache"] or headers["x-search-cache"]
  if cache == "hit" then hit = hit + 1
  elseif cache == "miss" then miss = miss + 1
  elseif cache == "bypass" then bypass = bypass + 1
  else none = none + 1 end
end

function done(summary, latency, requests)
  local totals = {hit = 0, miss = 0, bypass = 0, none = 0}
  for _, thread in ipairs(threads) do
    for name, _ in pairs(totals) do
      totals[name] = totals[name] + thread:get(name)
    end
  end
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "errors": %d, "non_2xx": %d, '
    .. '"p50_ms": %.3f, "p95_ms": %.3f, "p99_ms": %.3f, "mean_ms": %.3f, '
    .. '"hit": %d, "miss": %d, "bypass": %d, "none": %d}\n',
    summary.requests, summary.duration,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.mean / 1000, totals.hit, totals.miss, totals.bypass, totals.none))
end
