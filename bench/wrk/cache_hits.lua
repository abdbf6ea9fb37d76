-- rotate.lua, also counting the API's X-Search-Cache header (hit, miss, bypass, or none):
-- the head-query mix's hit rate (bench/lib/head_mix.py). Prints one JSON line when done.
-- Usage: wrk ... -s cache_hits.lua http://host:port -- requests.tsv
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "rotate.lua")

local rotate_init = init

function init(args)
  rotate_init(args)
  hit, miss, bypass, none = 0, 0, 0, 0
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
  io.write(summary_json(summary, latency, string.format(', "hit": %d, "miss": %d, "bypass": %d, "none": %d',
    totals.hit, totals.miss, totals.bypass, totals.none)))
end
