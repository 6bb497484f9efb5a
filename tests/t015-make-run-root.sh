# SPDX-License-Identifier: ISC
# `make run` as root (scripts/run): nothing that serves runs as root, and
# root trusts nothing those users can change. lighttpd and the pages run
# as www-data, examd as scripts/exam-user's user; the state folder, the
# configurations, the lock and the logs stay root's, and exam.db's folder
# is the only thing examd's user owns. A checkout no other user can enter
# (cloned into a 0700 folder, as /root/p) serves with nothing set. Links
# planted by those users are followed by nothing root does on the next
# start.
. "$TOP/tests/lib.sh"
. "$TOP/tests/lib-pty.sh"

if [ "$(id -u)" -ne 0 ]; then
	echo "1..0 # SKIP make run as root: run the suite as root"
	exit 0
fi
EXAM_USER=$(sh "$TOP/scripts/exam-user")
WEB_USER=www-data
as() { u=$1; shift; setpriv --reuid="$u" --regid="$(id -g "$u")" --init-groups -- "$@"; }
# uid_of PID: its real and effective uid, as names.
uid_of() {
	awk '/^Uid:/ { print $2, $3 }' "/proc/$1/status" 2>/dev/null |
	    while read -r r e; do echo "$(id -nu "$r") $(id -nu "$e")"; done
}
wp=$(free_port); ep=$(free_port)
while [ "$ep" = "$wp" ]; do ep=$(free_port); done
# The exam over TLS on a port of its own (9443 may be taken).
tp=$(free_port)
while [ "$tp" = "$wp" ] || [ "$tp" = "$ep" ]; do tp=$(free_port); done
export EXAM_TLS_PORT=$tp

# --- a checkout in a 0700 folder ----------------------------------------
home=$(mktemp -d "${TMPDIR:-/tmp}/root-home.XXXXXX")
at_exit "rm -rf '$home'"
chmod 0700 "$home"
if git -C "$TOP" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	git clone -q "$TOP" "$home/p"
else
	mkdir "$home/p" && tar -C "$TOP" --exclude=./build --exclude=./state \
	    -cf - . | tar -xf - -C "$home/p"
fi
# The programs of this build, as `make` would leave them in the clone.
mkdir -p "$home/p/build" && cp -a "$BIN" "$home/p/build/bin"
t_fails "$EXAM_USER cannot enter the checkout" as "$EXAM_USER" test -x "$home/p"
t_fails "$WEB_USER cannot either" as "$WEB_USER" test -x "$home/p"

pty_start "trap : INT; cd '$home/p' && WEB_PORT=$wp EXAM_PORT=$ep sh scripts/run build; echo status=\$?"
t_ok "run starts from the 0700 checkout" pty_wait 'Press Ctrl-C to stop.' 30
t_unlike "with no complaint" "$(screen)" 'cannot run|exam-user:'
out=$(curl -s -m 10 -d id=1711 "http://127.0.0.1:$wp/handlelogin")
t_like "the pages serve the sample students" "$out" 'Karam'
# A session held open shows who runs examd.
{ printf 'pat\n'; sleep 3; } | timeout 20 nc 127.0.0.1 "$ep" >"$T/exam.out" &
client=$!
lp=$(pgrep -f "lighttpd .*$home/p/state/" | head -n 1)
xp=$(pgrep -f "xinetd .*$home/p/state/" | head -n 1)
kid= i=0
while [ -z "$kid" ] && [ "$i" -lt 200 ]; do
	sleep 0.05; i=$((i + 1))
	kid=$(pgrep -n -P "$xp")
	case $(readlink "/proc/$kid/exe" 2>/dev/null) in */examd) ;; *) kid= ;; esac
done
t_is "lighttpd runs as $WEB_USER" "$(uid_of "$lp")" "$WEB_USER $WEB_USER"
pages=$(for k in $(pgrep -P "$lp"); do uid_of "$k"; done | sort -u)
t_is "and so do the pages" "$pages" "$WEB_USER $WEB_USER"
t_is "examd runs as $EXAM_USER" "$(uid_of "$kid")" "$EXAM_USER $EXAM_USER"
# Both confine themselves (lib/sandbox; none in the sanitizer build).
want=2
nm "$BIN/examd" 2>/dev/null | grep -q '__asan_init' && want=0
t_is "examd is confined (Seccomp: $want)" "$(seccomp_of "$kid" "$want")" "$want"
t_is "and so are the pages" \
    "$(for k in $(pgrep -P "$lp"); do seccomp_of "$k" "$want"; done | sort -u)" "$want"
wait "$client"
t_like "the exam service answers" "$(tr -d '\r' <"$T/exam.out")" '^Welcome to the exam server\.$'
s=$home/p/state
t_is "only exam.db's folder and what is in it are not root's" \
    "$(find "$s" ! -user root | sed "s|^$s/||" | sort)" \
    "$(find "$s/exam" | sed "s|^$s/||" | sort)"
t_is "that folder is $EXAM_USER's, 0700" "$(stat -c '%U %a' "$s/exam")" "$EXAM_USER 700"
t_is "the state folder is root's" "$(stat -c '%U %a' "$s")" "root 755"
pty_type "$(printf '\003')"
t_ok "Ctrl-C stops it" pty_wait 'status=0'
pty_end
view=$(sed -n 's|.*"bin-path" => "\(.*\)/bin/login".*|\1|p' "$s/lighttpd.conf" | head -n 1)
t_like "the servers saw the checkout through a folder in /tmp" "$view" '^/tmp/student-exam-run\.'
t_ok "which is gone after the run" test ! -e "$view"

# --- links planted by the servers' users --------------------------------
# A state folder those users can reach: whatever they may plant there,
# a second start changes no file they point at.
S=$T/state
mkdir -p "$T/targets"
targets() {
	for f in "$T"/targets/*; do
		printf '%s %s %s\n' "${f##*/}" "$(stat -c '%U:%G %a' "$f")" "$(cat "$f")"
	done
}
start() {
	pty_start "trap : INT; STATE_DIR=$S WEB_PORT=$wp EXAM_PORT=$ep sh $TOP/scripts/run $BUILD; echo status=\$?"
	pty_wait 'Press Ctrl-C to stop.' 30
}
stop() { pty_type "$(printf '\003')"; pty_wait 'status=' && pty_end; }
t_ok "a run on a state folder in reach starts" start
stop
n=0
for who in "$EXAM_USER" "$WEB_USER"; do
	for p in lighttpd.conf.new xinetd.conf.new lighttpd.conf run.lock \
	    log/examd.log log/access.log log/lighttpd-error.log \
	    exam/exam.db-wal exam/exam.db-shm exam/exam.db-journal; do
		n=$((n + 1))
		printf 'root only\n' >"$T/targets/t$n"
		chmod 0600 "$T/targets/t$n"
		as "$who" ln -sfn "$T/targets/t$n" "$S/$p" 2>/dev/null
	done
	as "$who" mv "$S/log" "$S/log.away" 2>/dev/null
	as "$who" ln -s "$T/targets" "$S/log" 2>/dev/null
done
before=$(targets)
t_ok "the run starts again" start
curl -s -m 10 -o /dev/null "http://127.0.0.1:$wp/login"
stop
t_is "no planted link was followed" "$(targets)" "$before"
t_is "the configurations are root's own files" \
    "$(stat -c '%U %F' "$S/lighttpd.conf" "$S/xinetd.conf" "$S/run.lock")" \
    "root regular file
root regular file
root regular empty file"
t_done
