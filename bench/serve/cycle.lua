-- wrk script: each connection of the thread sends the next request target
-- of a file (one a line, queries_to_urls.py's), going round the file, on
-- kept-alive connections; done() prints one tab-separated line for run.sh.
--
--   wrk -t1 -cN -dS -s cycle.lua http://HOST:PORT -- TARGETS
--
-- run.sh uses one wrk thread: with several, each would start at the file's
-- first line and they would send the same queries at the same time.  No
-- response() is defined, so wrk does not hand responses to Lua (cheaper);
-- it counts statuses over 399 itself.  (A run cannot be cut at a number
-- of requests: wrk.thread:stop() stops the thread's loop, but wrk waits out
-- -d before it reports, so run.sh's memory runs are timed.)

local requests = {}
local next_request = 0

function init(args)
  for target in io.lines(args[1]) do
    if target ~= "" then requests[#requests + 1] = wrk.format("GET", target) end
  end
  if #requests == 0 then error("cycle.lua: no request targets in " .. args[1]) end
end

function request()
  next_request = next_request % #requests + 1
  return requests[next_request]
end

-- result<TAB>requests<TAB>duration_us<TAB>p50_us<TAB>p99_us<TAB>max_us
--       <TAB>connect<TAB>read<TAB>write<TAB>status (non-2xx/3xx)<TAB>timeout
function done(summary, latency, _)
  local e = summary.errors
  io.write(string.format("result\t%d\t%d\t%.0f\t%.0f\t%.0f\t%d\t%d\t%d\t%d\t%d\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99), latency.max, e.connect, e.read, e.write, e.status, e.timeout))
end
