-- SPDX-License-Identifier: ISC
-- The lookup limit done the other way, for `make bench` only: in
-- lighttpd's mod_magnet (Debian's lighttpd-mod-magnet), before a request
-- reaches handlelogin, its state in the one lighttpd process (lighttpd
-- 1.4.69 runs the script in a fresh environment per request, over the
-- script's own _G, so the table is kept in _G to outlive the request; a
-- script error lets the request through). The same two buckets per address
-- as cgi-bin/lookuplimit.c (GCRA); the figures are huge, so that it only
-- costs its time and never refuses. Counting a miss needs a second script
-- at the response's start (the status is known only then); lookups only
-- of a present student are measured, so it is left out. A table keyed by
-- address, unbounded: a real one would need lookuplimit.c's fixed slots
-- written in Lua.
local BURST, PER_MIN, MISS_BURST, MISS_PER_MIN = 1000000, 1000000, 1000000, 1000000
_G.lookups = _G.lookups or {}
local lookups = _G.lookups
do
	local r = lighty.r
	local now = lighty.c.time()
	local addr = r.req_attr["request.remote-addr"]
	local s = lookups[addr]
	if s == nil then
		s = { any = 0, miss = 0 }
		lookups[addr] = s
	end
	local t, mt = 60 / PER_MIN, 60 / MISS_PER_MIN
	local na = math.max(s.any, now) + t
	local nm = math.max(s.miss, now) + mt
	local wait = math.max(na - now - BURST * t, nm - now - MISS_BURST * mt)
	if wait > 0 then
		r.resp_header["Retry-After"] = tostring(math.ceil(wait))
		return 429
	end
	s.any = na
end
