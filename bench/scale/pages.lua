-- wrk script for bench/scale/run.py: cycles through the paths in the file named by WRK_PATHS (one per line),
-- sends the session cookie in WRK_COOKIE, and prints the percentiles as one JSON line.
local paths = {}
local counter = 0

local function load_paths()
  local file = assert(io.open(os.getenv("WRK_PATHS"), "r"))
  for line in file:lines() do
    if #line > 0 then paths[#paths + 1] = line end
  end
  file:close()
end

load_paths()

function init(args)
  wrk.headers["Cookie"] = os.getenv("WRK_COOKIE") or ""
  counter = math.random(#paths)
end

function request()
  counter = counter % #paths + 1
  return wrk.format("GET", paths[counter])
end

function done(summary, latency, requests)
  io.write(string.format(
    '{"requests": %d, "seconds": %.2f, "errors": %d, "status_4xx_5xx": %d, "p50_ms": %.1f, "p95_ms": %.1f, "p99_ms": %.1f, "max_ms": %.1f}\n',
    summary.requests, summary.duration / 1e6,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
