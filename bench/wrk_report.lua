-- wrk script: rotate the session cookies given in KL_COOKIES (comma-separated) over the requests,
-- then report one machine-readable line with throughput, p50/p95/p99 latency and errors.
local cookies = {}
local counter = 0

init = function(args)
  local list = os.getenv("KL_COOKIES") or ""
  for cookie in string.gmatch(list, "[^,]+") do
    table.insert(cookies, cookie)
  end
end

request = function()
  if #cookies == 0 then
    return wrk.format(nil)
  end
  counter = counter + 1
  return wrk.format(nil, nil, { Cookie = cookies[(counter % #cookies) + 1] })
end

done = function(summary, latency, requests)
  local e = summary.errors
  local errors = e.connect + e.read + e.write + e.status + e.timeout
  io.write(string.format(
    "RESULT requests=%d rps=%.1f p50_ms=%.2f p95_ms=%.2f p99_ms=%.2f errors=%d non_2xx_3xx=%d timeouts=%d\n",
    summary.requests, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    errors, e.status, e.timeout))
end
