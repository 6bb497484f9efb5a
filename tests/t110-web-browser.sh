# SPDX-License-Identifier: ISC
# Student pages in a real browser (Debian's Chromium through puppeteer-core,
# tests/browser/pages.mjs): keyboard-only lookup, the 404 and 400 pages and
# their one-step retry, lighttpd's own errors and the 429 of the lookup
# limit with the same look, no
# console error or CSP violation, axe-core on every page, screenshots at
# 390 and 1280 px in BUILD/browser/. Then the teacher's report page
# (tests/browser/report.mjs): self-contained, axe-core in both schemes,
# a phone's width, print; its screenshots in BUILD/browser/report/ (the
# two scripts share tests/browser/browser.mjs). Skipped when Chromium or
# the npm packages are missing (`make browser-deps` installs both).
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

# browser_run NAME WHAT SECONDS SCRIPT [VAR=VALUE...]: runs tests/browser/
# SCRIPT in node with those variables, each of its "ok"/"not ok" lines one
# test here, then "WHAT ended cleanly" (its stderr shown if not).
browser_run() {
	name=$1 what=$2 secs=$3 script=$4; shift 4
	env CHROMIUM="$CHROMIUM" "$@" timeout "$secs" node \
	    "$TOP/tests/browser/$script" >"$T/$name.out" 2>"$T/$name.err"
	rc=$?
	while IFS= read -r line; do
		case $line in
		"ok - "*) _t_result 0 "${line#ok - }" ;;
		"not ok - "*) _t_result 1 "${line#not ok - }" ;;
		"#"*) printf '%s\n' "$line" ;;
		esac
	done <"$T/$name.out"
	t_is "$what ended cleanly" "$rc" 0
	[ "$rc" -eq 0 ] || sed 's/^/#   /' "$T/$name.err" | head -n 30
}

# Three misses at once, then one a minute: the browser meets the 429.
WEB_LOOKUP_LIMIT="3 1 1000 1000"
t_ok "lighttpd starts" start_web
shots=$BUILD/browser
rm -rf "$shots"
browser_run browser "the browser run" 180 pages.mjs WEB="$WEB" SHOTS="$shots"
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
browser_run codes "the browser run with codes" 120 pages.mjs WEB="$WEB" \
    SHOTS="$shots" CODE="$karam"
t_is "the 2 pages with the code field, 2 widths, 2 schemes" \
    "$(ls "$shots"/*-code-*.png 2>/dev/null | wc -l | tr -d ' ')" 8

# The teacher's report page (examctl report --html), opened from disk.
"$BIN/report-bench" 40 12 "$T/report.html" >/dev/null
browser_run report "the report's browser run" 120 report.mjs \
    SHOTS="$shots/report" REPORT="$T/report.html"
t_is "the report in 2 widths, 2 schemes, and printed" \
    "$(ls "$shots"/report/report-*.png 2>/dev/null | wc -l | tr -d ' ')" 5

stop_web
t_unlike "the programs logged nothing" "$(cat "$WEB_STATE/fastcgi-stderr.log" 2>/dev/null)" .
t_done
