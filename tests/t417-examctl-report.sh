# SPDX-License-Identifier: ISC
# The teacher's report from a class that took a shuffled exam through the
# real xinetd: 24 scripted students (python3 clients, several at once)
# answer an exam of 8 questions (2 to 6 choices) with answers this story
# chooses, finding each question and choice by its text in the order the
# exam shows them in; four come back for a second attempt, two leave
# midway.
# examctl report (text and --csv, first attempts, --all-attempts,
# --since) and answers are then held against the same figures computed
# here, independently, from what the students chose (Moodle's formulas,
# written again in Python: not the project's code). On both back ends.
. "$TOP/tests/lib.sh"
. "$TOP/tests/lib-exam.sh"

ectl() { "$BIN/examctl" --db "$EXAM_DB" "$@"; }
exam_new_db
ectl init >/dev/null
exam_is_pg || exam_own "$EXAM_DB"
cat >"$T/quiz.txt" <<'EOF'
Q: Which layer of the OSI model does TCP belong to?
a) Network
b) Transport
c) Session
d) Application
A: b
Q: Is UDP connectionless?
a) Yes
b) No
A: a
Q: Which port does HTTPS use by default?
a) 21
b) 22
c) 25
d) 80
e) 110
f) 443
A: f
Q: =SUM(1+1) is what a spreadsheet would run, "quoted", isn't it?
a) Yes, it would
b) No
c) Only in LibreOffice
A: a
Q: How many bits long is an IPv4 address?
a) 16
b) 32
c) 64
d) 128
e) 48
A: b
Q: Which command lists open sockets on Linux?
a) ss
b) ls
c) ps
A: a
Q: Which HTTP status means "Not Found"?
a) 200
b) 301
c) 403
d) 404
A: d
Q: Which of these is a private IPv4 range?
a) 8.8.8.0/24
b) 192.168.0.0/16
c) 1.1.1.0/24
d) 100.0.0.0/8
e) 203.0.113.0/24
f) 198.51.100.0/24
A: b
EOF
ectl questions import --exam quiz "$T/quiz.txt" >/dev/null
ectl exams delete default >/dev/null
t_is "exams set quiz shuffle both" "$(ectl exams set quiz shuffle both; echo $?)" "quiz: shuffle both
0"
t_is "stored with the exam" "$(exam_sql "SELECT shuffle FROM exams WHERE name = 'quiz'")" both
exam_no_seventh
t_ok "xinetd serves examd" start_exam 30

# The class: who answers what, in the bank's order, decided here.
cat >"$T/class.py" <<'PY'
import json, random, sys
qs = []
for block in ("\n" + open(sys.argv[1]).read()).split("\nQ: ")[1:]:
    lines = block.strip("\n").split("\n")
    choices = [l[3:] for l in lines[1:] if l[1:3] == ") "]
    right = [l[3:] for l in lines if l.startswith("A: ")][0]
    qs.append({"prompt": lines[0], "choices": choices, "right": right})
rnd = random.Random(25)
plan = []
def answers(ability):
    a = []
    for k, q in enumerate(qs):
        n = len(q["choices"])
        p = min(0.95, max(0.05, ability - 0.08 * k))
        if rnd.random() < p:
            a.append(q["right"])
        else:
            a.append(rnd.choice([chr(97 + i) for i in range(n)
                                 if chr(97 + i) != q["right"]]))
    return a
for s in range(24):
    name = "s%02d" % s
    ability = 0.25 + 0.7 * s / 23
    plan.append({"name": name, "round": 1, "answers": answers(ability),
                 "stop": 3 if s in (5, 17) else None})
for s in (2, 9, 14, 21):
    plan.append({"name": "s%02d" % s, "round": 2,
                 "answers": answers(0.9), "stop": None})
json.dump({"bank": qs, "plan": plan}, open(sys.argv[2], "w"))
PY
/usr/bin/python3 "$T/class.py" "$T/quiz.txt" "$T/class.json"

# One student's session: the answers chosen by the bank's order, sent as
# the letters the exam shows them under; records what was shown.
cat >"$T/student.py" <<'PY'
import json, re, socket, sys
port, cls, rnd = int(sys.argv[1]), json.load(open(sys.argv[2])), int(sys.argv[3])
bank = cls["bank"]
by_prompt = {q["prompt"]: i for i, q in enumerate(bank)}
out = []
def session(st):
    s = socket.create_connection(("127.0.0.1", port), timeout=20)
    buf, shown, answered, seen = b"", [], 0, ""
    cur = None
    while True:
        data = s.recv(65536)
        if not data:
            break
        buf += data
        text = buf.decode()
        if text.endswith("Choose an exam: "):
            s.sendall(st.get("exam", "quiz").encode() + b"\n")
        elif text.endswith("Username: "):
            s.sendall(st["name"].encode() + b"\n")
        elif text.endswith("Choose a password: ") or \
                text.endswith("Repeat password: ") or \
                text.endswith("Password: "):
            s.sendall(b"pw-secret-25\n")
        elif text.endswith("Answer: "):
            m = re.findall(r"Question (\d+)/(\d+): (.*)\r\n((?:  [a-f]\) .*\r\n)+)"
                           r"Answer: $", text)
            if not m:
                raise SystemExit("no question before: " + text[-300:])
            prompt, block = m[-1][2], m[-1][3]
            k = by_prompt[prompt]
            letters = re.findall(r"  ([a-f])\) (.*)\r\n", block)
            want = bank[k]["choices"][ord(st["answers"][k]) - 97]
            say = [l for l, t in letters if t == want][0]
            shown.append([k, "".join(chr(97 + bank[k]["choices"].index(t))
                                     for _, t in letters)])
            if st["stop"] is not None and answered == st["stop"]:
                break
            s.sendall(say.encode() + b"\n")
            answered += 1
        else:
            continue
        seen += text
        buf = b""
    s.close()
    return shown, seen + buf.decode()
for st in cls["plan"]:
    if st["round"] != rnd:
        continue
    shown, said = session(st)
    out.append({"name": st["name"], "shown": shown, "said": said})
json.dump(out, sys.stdout)
PY

# Round 1 in four clients at once (a quarter of the class each), then
# the second attempts. (A bare wait would wait for xinetd too.)
pids=
for c in 0 1 2 3; do
	/usr/bin/python3 - "$T" "$c" <<'PY'
import json, sys
t, c = sys.argv[1], int(sys.argv[2])
cls = json.load(open(t + "/class.json"))
cls["plan"] = [p for i, p in enumerate(cls["plan"]) if p["round"] != 1 or i % 4 == c]
json.dump(cls, open("%s/class%d.json" % (t, c), "w"))
PY
	timeout 120 /usr/bin/python3 "$T/student.py" "$EXAM_PORT" \
	    "$T/class$c.json" 1 >"$T/round1.$c.json" 2>"$T/round1.$c.err" &
	pids="$pids $!"
done
# shellcheck disable=SC2086
wait $pids
t_is "24 students took the exam, none failed" \
    "$(cat "$T"/round1.*.err)|$(exam_sql "SELECT count(*) FROM attempts")" "|24"
timeout 120 /usr/bin/python3 "$T/student.py" "$EXAM_PORT" "$T/class.json" 2 \
    >"$T/round2.json" 2>"$T/round2.err"
t_is "four came back for a second attempt" \
    "$(cat "$T/round2.err")|$(exam_sql "SELECT count(*) FROM attempts")" "|28"
t_is "each finished attempt was shown every question once" \
    "$(/usr/bin/python3 - "$T" <<'PY'
import glob, json, sys
runs = [r for f in glob.glob(sys.argv[1] + "/round1.*.json")
        for r in json.load(open(f))]
full = [r for r in runs if len(r["shown"]) == 8]
orders = set(tuple(k for k, _ in r["shown"]) for r in full)
letters = set(c for r in full for _, c in r["shown"])
ok = len(full) == 22 and all(sorted(k for k, _ in r["shown"]) == list(range(8))
                             for r in full)
print("%s, %s question orders, %s" % ("yes" if ok else "no: %d" % len(full),
      "several" if len(orders) > 1 else "one",
      "choices shuffled" if any(c != "".join(sorted(c)) for c in letters)
      else "choices in the bank's order"))
PY
)" "yes, several question orders, choices shuffled"
t_is "two attempts are unfinished" \
    "$(exam_sql "SELECT username FROM attempts WHERE finished_at IS NULL ORDER BY username" | tr '\n' ' ')" \
    "s05 s17 "
t_is "22 first attempts and 4 second ones are finished" \
    "$(exam_sql "SELECT count(*) FROM attempts WHERE finished_at IS NOT NULL")" 26

# A shuffled attempt cut short resumes in its own order: a second exam,
# four questions, cut after two, then finished in a second session.
printf 'Q: Alpha?\na) a1\nb) a2\nc) a3\nA: a\nQ: Beta?\na) b1\nb) b2\nA: b\nQ: Gamma?\na) g1\nb) g2\nc) g3\nd) g4\nA: c\nQ: Delta?\na) d1\nb) d2\nc) d3\nA: c\n' >"$T/other.txt"
ectl questions import --exam other "$T/other.txt" >/dev/null
ectl exams set other shuffle both >/dev/null
/usr/bin/python3 - "$T" <<'PY'
import json, sys
t = sys.argv[1]
bank = []
for block in ("\n" + open(t + "/other.txt").read()).split("\nQ: ")[1:]:
    lines = block.strip("\n").split("\n")
    bank.append({"prompt": lines[0],
                 "choices": [l[3:] for l in lines[1:] if l[1:3] == ") "],
                 "right": [l[3:] for l in lines if l.startswith("A: ")][0]})
cut = {"name": "r1", "round": 1, "exam": "other",
       "answers": ["a", "a", "c", "b"], "stop": 2}
json.dump({"bank": bank, "plan": [cut]}, open(t + "/other1.json", "w"))
json.dump({"bank": bank, "plan": [dict(cut, stop=None)]},
          open(t + "/other2.json", "w"))
PY
timeout 60 /usr/bin/python3 "$T/student.py" "$EXAM_PORT" "$T/other1.json" 1 \
    >"$T/other1.out" 2>&1
ord1=$(exam_sql "SELECT ord FROM attempts WHERE username = 'r1'")
t_like "the attempt's order is stored as it begins" "$ord1" \
    '^[1-4]:[a-d]+( [1-4]:[a-d]+){3}$'
timeout 60 /usr/bin/python3 "$T/student.py" "$EXAM_PORT" "$T/other2.json" 1 \
    >"$T/other2.out" 2>&1
t_is "and kept when it resumes" \
    "$(exam_sql "SELECT ord FROM attempts WHERE username = 'r1'")" "$ord1"
t_is "the two sessions showed the stored order, questions and letters" \
    "$(/usr/bin/python3 - "$T" "$ord1" <<'PY'
import json, sys
t, ord1 = sys.argv[1], sys.argv[2]
s1 = json.load(open(t + "/other1.out"))[0]
s2 = json.load(open(t + "/other2.out"))[0]
shown = s1["shown"][:2] + s2["shown"]
want = [[int(w.split(":")[0]) - 1, w.split(":")[1]] for w in ord1.split()]
print("same" if shown == want else "differ: %r %r" % (shown, want))
PY
)" same
t_like "the second session said where it stood" "$(cat "$T/other2.out")" \
    'You have an unfinished attempt at other: 2 of 4 questions answered'
t_is "the answers are stored in the bank's order" \
    "$(exam_sql "SELECT n.letter FROM answers n JOIN attempts a ON a.id = n.attempt WHERE a.username = 'r1' ORDER BY n.position" | tr -d '\n')" \
    aacb
t_is "and scored so" "$(exam_sql "SELECT score || '/' || total FROM results WHERE username = 'r1'")" 2/4

# The figures, computed here from the plan (first or all finished
# attempts), in the bank's order, and the report's, compared figure by
# figure: every percentage to within 0.05 of the one computed here (one
# decimal either way), '-' where and only where it should be, and the
# counts exactly.
cat >"$T/check.py" <<'PY'
import csv, io, json, math, re, statistics, sys
cls = json.load(open(sys.argv[1]))
mode, report_csv, report_txt = sys.argv[2], sys.argv[3], sys.argv[4]
bank = cls["bank"]
P = len(bank)
rows = []
seen = set()
for st in cls["plan"]:
    if st["stop"] is not None:
        continue  # unfinished: never counted
    if mode == "first" and (st["name"] in seen or st["round"] != 1):
        continue
    seen.add(st["name"])
    rows.append(st["answers"])
n = len(rows)
marks = [[1 if a[k] == bank[k]["right"] else 0 for k in range(P)] for a in rows]
tot = [sum(m) for m in marks]
def var(xs):
    if len(xs) < 2: return None
    m = sum(xs) / len(xs)
    return sum((x - m) ** 2 for x in xs) / (len(xs) - 1)
def cov(xs, ys):
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / (len(xs) - 1)
want = {"n": n}
want["mean"] = 100 * statistics.mean(tot) / P
want["median"] = 100 * statistics.median(tot) / P
vt = var(tot)
want["sd"] = 100 * math.sqrt(vt) / P if vt is not None else None
sv = sum(var([m[k] for m in marks]) for k in range(P))
want["cic"] = 100 * P / (P - 1) * (1 - sv / vt) if vt else None
want["er"] = 100 * math.sqrt(1 - want["cic"] / 100) if want["cic"] is not None else None
want["se"] = want["er"] * want["sd"] / 100 if want["er"] is not None else None
qw = []
for k in range(P):
    x = [m[k] for m in marks]
    rest = [t - xi for t, xi in zip(tot, x)]
    vx, vr = var(x), var(rest)
    disc = 100 * cov(x, rest) / math.sqrt(vx * vr) if vx and vr else None
    counts = [sum(1 for a in rows if a[k] == chr(97 + i))
              for i in range(len(bank[k]["choices"]))]
    qw.append({"fac": 100 * sum(x) / n, "disc": disc, "counts": counts})
bad = []
def same(what, got, w):
    if w is None:
        if got != "-": bad.append("%s: got %s, want -" % (what, got))
    elif got == "-" or abs(float(got.rstrip("%")) - w) > 0.0501:
        bad.append("%s: got %s, want %.3f" % (what, got, w))
# CSV
recs = list(csv.reader(io.StringIO(open(report_csv, newline="").read())))
if recs[0] != "exam,question,text,facility,discrimination,right,a,b,c,d,e,f".split(","):
    bad.append("csv header " + repr(recs[0]))
if len(recs) != P + 1:
    bad.append("csv rows %d" % len(recs))
for k, r in enumerate(recs[1:]):
    q = bank[k]
    text = ("'" + q["prompt"]) if q["prompt"][0] in "=+-@\t\r" else q["prompt"]
    if r[0] != "quiz" or r[1] != str(k + 1) or r[2] != text or r[5] != q["right"]:
        bad.append("csv row %d: %r" % (k + 1, r[:6]))
    same("csv q%d facility" % (k + 1), r[3], qw[k]["fac"])
    same("csv q%d discrimination" % (k + 1), r[4], qw[k]["disc"])
    want_counts = [str(c) for c in qw[k]["counts"]] + [""] * (6 - len(qw[k]["counts"]))
    if r[6:] != want_counts:
        bad.append("csv q%d counts %r, want %r" % (k + 1, r[6:], want_counts))
# Text
lines = open(report_txt).read().split("\n")
m = re.match(r"exam quiz: (\d+) attempts? \((first|all) attempts", lines[0])
if not m or int(m.group(1)) != n:
    bad.append("text line 1: %r (want %d)" % (lines[0], n))
m = re.match(r"mean (\S+), median (\S+), standard deviation (\S+)$", lines[1])
if not m: bad.append("text line 2: %r" % lines[1])
else:
    for g, w in zip(m.groups(), ("mean", "median", "sd")):
        same("text " + w, g, want[w])
m = re.match(r"internal consistency \(CIC\) (\S+), error ratio (\S+), standard error (\S+)$", lines[2])
if not m: bad.append("text line 3: %r" % lines[2])
else:
    for g, w in zip(m.groups(), ("cic", "er", "se")):
        same("text " + w, g, want[w])
for k in range(P):
    t = lines[4 + k].split()
    nc = len(bank[k]["choices"])
    if t[0] != str(k + 1): bad.append("text row %d: %r" % (k + 1, lines[4 + k]))
    same("text q%d facility" % (k + 1), t[-nc - 2], qw[k]["fac"])
    same("text q%d discrimination" % (k + 1), t[-nc - 1], qw[k]["disc"])
    got = t[-nc:]
    wc = [str(c) + ("*" if chr(97 + i) == bank[k]["right"] else "")
          for i, c in enumerate(qw[k]["counts"])]
    if got != wc: bad.append("text q%d counts %r, want %r" % (k + 1, got, wc))
print("\n".join(bad) if bad else "same")
print("# %s: n=%d mean=%.2f CIC=%s" % (mode, n, want["mean"],
      "-" if want["cic"] is None else "%.2f" % want["cic"]), file=sys.stderr)
PY
for mode in first all; do
	opt=; [ "$mode" = all ] && opt=--all-attempts
	ectl report --exam quiz $opt --csv >"$T/r-$mode.csv"; rc1=$?
	ectl report --exam quiz $opt >"$T/r-$mode.txt"; rc2=$?
	t_is "report $opt --csv and the text report exit 0" "$rc1$rc2" 00
	t_is "every figure of report $opt (text and CSV) as computed here" \
	    "$(/usr/bin/python3 "$T/check.py" "$T/class.json" "$mode" \
	    "$T/r-$mode.csv" "$T/r-$mode.txt" 2>"$T/check-$mode.err")" same
	sed 's/^/# /' "$T/check-$mode.err"
done
t_like "first attempts: 22" "$(head -n 1 "$T/r-first.txt")" '^exam quiz: 22 attempts \(first attempts\)$'
t_like "all attempts: 26" "$(head -n 1 "$T/r-all.txt")" '^exam quiz: 26 attempts \(all attempts\)$'
t_is "the CSV's lines end with CRLF" "$(grep -c "$(printf '\r')\$" "$T/r-first.csv")" 9
t_like "the formula-like question is marked in the CSV" \
    "$(sed -n 5p "$T/r-first.csv")" "^quiz,4,\"'=SUM\\(1\\+1\\)"

# --since: only what finished on that day or later.
today=$(exam_sql "SELECT substr(min(finished_at), 1, 10) FROM attempts WHERE finished_at IS NOT NULL")
t_like "--since today keeps them" "$(ectl report --exam quiz --since "$today" | head -n 1)" '^exam quiz: 22 attempts \(first attempts, since [0-9-]+\)$'
t_like "--since tomorrow: none, every figure '-'" \
    "$(ectl report --exam quiz --since 2999-01-01 | sed -n '1,3p' | tr '\n' '|')" \
    '^exam quiz: 0 attempts \(first attempts, since 2999-01-01\)\|mean -, median -, standard deviation -\|internal consistency \(CIC\) -, error ratio -, standard error -\|$'
t_is "--since with --all-attempts" "$(ectl report --exam quiz --all-attempts --since 2999-01-01 --csv | wc -l)" 9

# answers: one row per finished attempt, the letters chosen, bank order.
ectl answers --exam quiz --csv >"$T/answers.csv"; rc=$?
t_is "answers --csv exits 0" "$rc" 0
t_is "answers: every finished attempt's letters, as the students chose" \
    "$(/usr/bin/python3 - "$T/class.json" "$T/answers.csv" <<'PY'
import csv, json, sys
cls = json.load(open(sys.argv[1]))
got = list(csv.DictReader(open(sys.argv[2], newline="")))
want = sorted(("quiz", p["name"], "".join(p["answers"])) for p in cls["plan"]
              if p["stop"] is None)
have = sorted((r["exam"], r["username"], "".join(r["q%d" % i] for i in range(1, 9)))
              for r in got)
print("same" if want == have else "differ:\n%s\n%s" % (want, have))
PY
)" same
t_is "answers: a table with a row per finished attempt" \
    "$(ectl answers --exam quiz | sed -n '1p;2p' | sed 's/  */ /g')" \
    "exam quiz: 26 finished attempts
username finished score 1 2 3 4 5 6 7 8"

# A named exam that does not exist, bad options.
ectl report --exam nope >"$T/o" 2>"$T/e"; rc=$?
t_is "report --exam nope: exit 1" "$rc|$(cat "$T/e")" "1|examctl: no exam 'nope'"
for bad in "--since 2024-02-30" "--csv --html $T/x.html" "--html" "extra" "--exam Bad"; do
	# shellcheck disable=SC2086
	ectl report $bad >"$T/o" 2>"$T/e"; rc=$?
	t_is "report $bad: exit 2, one line" "$rc|$(wc -l <"$T/e")" "2|1"
done

# The page: written, self-contained, and the figures are the text's.
ectl report --exam quiz --html "$T/report.html"; rc=$?
t_is "report --html exits 0" "$rc" 0
t_unlike "no script, nothing fetched" "$(grep -Eio '<script|src=|href=|url\(|@import' "$T/report.html")" .
t_like "the question with quotes is escaped" "$(cat "$T/report.html")" \
    '=SUM\(1\+1\) is what a spreadsheet would run, &quot;quoted&quot;, isn&#39;t it\?'
t_like "the mean is the text's" "$(cat "$T/report.html")" \
    "<dt>Mean</dt><dd>$(sed -n 's/^mean \([^,]*\),.*/\1/p' "$T/r-first.txt")</dd>"
ectl report --html /nonexistent/dir/r.html 2>"$T/e"; rc=$?
t_is "an unwritable page: exit 1" "$rc|$(wc -l <"$T/e")" "1|1"
t_done
