# SPDX-License-Identifier: ISC
# Student pages in a real browser (Debian's Chromium through puppeteer-core,
# tests/browser/pages.mjs): keyboard-only lookup, the 404 and 400 pages and
# their one-step retry, lighttpd's own errors and the 429 of the lookup
# limit with the same look, no
# console error or CSP violation, axe-core on every page, screenshots at
# 390 and 1280 px in BUILD/browser/. Then the teacher's report page
# (tests/browser/report.mjs): self-contained, axe-core in both schemes,
# a phone's width, print; its screenshots in BUILD/browser/report/. Skipped when Chromium or the npm
# packages are missing (`make browser-deps` installs both).
. "$TOP/tests/lib.sh"
sqlite_only "the browser test needs one back end; it runs on SQLite"
. "$TOP/tests/lib-web.sh"

CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
nm=$TOP/tests/browser/node_modules
why=
[ -x "$CHROMIUM" ] || why="no $CHROMIUM (apt-get install chromium)"
command -v node >/dev/null 2>&1 || why="${why:+$why; }no node"
[ -f "$nm/puppeteer-core/package.json" ] && [ -f "$nm/axe-core/axe.min.js" ] ||
    why="${why:+$why; }no tests/browser/node_modules (npm ci in tests/browser)"
if [ -n "$why" ]; then
	echo "1..0 # SKIP $why; make browser-deps installs them"
	exit 0
fi

# Three misses at once, then one a minute: the browser meets the 429.
WEB_LOOKUP_LIMIT="3 1 1000 1000"
t_ok "lighttpd starts" start_web
shots=$BUILD/browser
rm -rf "$shots"
WEB=$WEB SHOTS=$shots CHROMIUM=$CHROMIUM timeout 180 node \
    "$TOP/tests/browser/pages.mjs" >"$T/browser.out" 2>"$T/browser.err"
rc=$?
# Each "ok"/"not ok" line of the browser run is one test here.
while IFS= read -r line; do
	case $line in
	"ok - "*) _t_result 0 "${line#ok - }" ;;
	"not ok - "*) _t_result 1 "${line#not ok - }" ;;
	"#"*) printf '%s\n' "$line" ;;
	esac
done <"$T/browser.out"
t_is "the browser run ended cleanly" "$rc" 0
[ "$rc" -eq 0 ] || sed 's/^/#   /' "$T/browser.err" | head -n 30
t_is "a screenshot of each of the 8 pages, 2 widths, 2 schemes" \
    "$(ls "$shots"/*-390.png "$shots"/*-1280.png 2>/dev/null | wc -l | tr -d ' ')" 32

# With access codes: the form with the code field, and its 404 (a fresh
# table: the misses above are forgotten).
stop_web
rm -f "$WEB_STATE/lookups.table"
# (start_web sets $code: another name.)
karam=$("$BIN/studentctl" --db "$WEB_DB" codes issue --all |
    sed -n 's/^1711,Karam,//p')
t_like "codes are issued" "$karam" '^[A-Z0-9-]{14}$'
t_ok "lighttpd starts again" start_web
WEB=$WEB SHOTS=$shots CHROMIUM=$CHROMIUM CODE=$karam timeout 120 node \
    "$TOP/tests/browser/pages.mjs" >"$T/codes.out" 2>"$T/codes.err"
rc=$?
while IFS= read -r line; do
	case $line in
	"ok - "*) _t_result 0 "${line#ok - }" ;;
	"not ok - "*) _t_result 1 "${line#not ok - }" ;;
	"#"*) printf '%s\n' "$line" ;;
	esac
done <"$T/codes.out"
t_is "the browser run with codes ended cleanly" "$rc" 0
[ "$rc" -eq 0 ] || sed 's/^/#   /' "$T/codes.err" | head -n 30
t_is "the 2 pages with the code field, 2 widths, 2 schemes" \
    "$(ls "$shots"/*-code-*.png 2>/dev/null | wc -l | tr -d ' ')" 8

# The teacher's report page (examctl report --html), opened from disk.
"$BIN/report-bench" 40 12 "$T/report.html" >/dev/null
SHOTS=$shots/report REPORT=$T/report.html CHROMIUM=$CHROMIUM timeout 120 \
    node "$TOP/tests/browser/report.mjs" >"$T/report.out" 2>"$T/report.err"
rc=$?
while IFS= read -r line; do
	case $line in
	"ok - "*) _t_result 0 "${line#ok - }" ;;
	"not ok - "*) _t_result 1 "${line#not ok - }" ;;
	"#"*) printf '%s\n' "$line" ;;
	esac
done <"$T/report.out"
t_is "the report's browser run ended cleanly" "$rc" 0
[ "$rc" -eq 0 ] || sed 's/^/#   /' "$T/report.err" | head -n 30
t_is "the report in 2 widths, 2 schemes, and printed" \
    "$(ls "$shots"/report/report-*.png 2>/dev/null | wc -l | tr -d ' ')" 5

stop_web
t_unlike "the programs logged nothing" "$(cat "$WEB_STATE/fastcgi-stderr.log" 2>/dev/null)" .
t_done
