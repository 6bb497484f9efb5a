# SPDX-License-Identifier: ISC
# Helpers for the stories that drive examgui (t51x) in a virtual X
# server with a session bus, as on a desktop. Source after tests/lib.sh.
# gui_skip_unless_ready ends the story with a TAP skip when examgui was not
# built (no GTK) or Xvfb, xdotool, xrdb, ImageMagick, dbus-run-session or
# at-spi2-core is missing.
GUI_WIN= GUI_PID= GUI_RC=
SHOTS=$BUILD/screenshots/examgui

gui_skip_unless_ready() {
	_why=
	[ -x "$BIN/examgui" ] || _why="examgui not built (no GTK 4)"
	for _c in Xvfb xdotool xrdb import convert dbus-run-session setsid; do
		command -v "$_c" >/dev/null 2>&1 || _why="${_why:-$_c not installed}"
	done
	# GTK asks the session bus for the accessibility bus, and warns on
	# stderr when no service provides it.
	[ -f /usr/share/dbus-1/services/org.a11y.Bus.service ] ||
	    _why="${_why:-at-spi2-core not installed (the accessibility bus)}"
	if [ -n "$_why" ]; then
		echo "1..0 # SKIP $_why"
		exit 0
	fi
}

# gui_display: starts Xvfb on a display number it picks itself, stopped at
# exit. The GUI's settings come from a folder of the story's own, so the
# machine's desktop settings do not change what the screenshots show.
gui_display() {
	: >"$T/display"
	Xvfb -displayfd 5 -screen 0 1280x1024x24 -nolisten tcp -noreset \
	    5>"$T/display" 2>"$T/xvfb.log" &
	_xvfb=$!
	at_exit "kill -TERM $_xvfb 2>/dev/null; wait $_xvfb 2>/dev/null"
	_i=0
	while [ ! -s "$T/display" ] && [ "$_i" -lt 100 ]; do
		sleep 0.1; _i=$((_i + 1))
	done
	[ -s "$T/display" ] || return 1
	export DISPLAY=":$(head -n 1 "$T/display")"
	export XDG_CONFIG_HOME="$T/config" XDG_CACHE_HOME="$T/cache"
	export XDG_DATA_HOME="$T/data" GSETTINGS_BACKEND=memory
	export GDK_BACKEND=x11 XDG_RUNTIME_DIR="$T/runtime"
	mkdir -m 700 -p "$XDG_RUNTIME_DIR"
	# No animations: a screenshot shows the screen as it settled, so two
	# of one screen differ only when its content changed.
	mkdir -p "$T/config/gtk-4.0"
	printf '[Settings]\ngtk-enable-animations=0\n' \
	    >"$T/config/gtk-4.0/settings.ini"
	# Xvfb has no GPU: GTK's cairo renderer draws in software, without
	# a GL driver's own start-up cost and messages.
	export GSK_RENDERER=cairo
	mkdir -p "$SHOTS"
	gui_bus
}

# gui_bus: a session bus of the story's own, as a desktop has one, for
# every examgui the story starts (DBUS_SESSION_BUS_ADDRESS). GTK asks for
# the bus at start-up and, finding none, tries to start one with
# dbus-launch (dbus-x11), warning on stderr where that is missing; through
# it GTK also reaches the accessibility bus, which the session bus starts
# on demand (at-spi2-core). dbus-run-session keeps the bus while a holder
# process runs and stops it when the holder ends. Started in a session
# of its own (setsid), the bus and everything it starts form one process
# group, which gui_bus_stop sees empty before the story ends.
gui_bus() {
	# The holder: writes its pid and the bus's address, then waits.
	_hold='echo "$$ $DBUS_SESSION_BUS_ADDRESS" >"$1.new" &&
	    mv "$1.new" "$1" && exec sleep infinity'
	rm -f "$T/bus"
	setsid dbus-run-session -- sh -c "$_hold" sh "$T/bus" \
	    >"$T/bus.log" 2>&1 &
	_bus_run=$!
	_i=0
	while [ ! -s "$T/bus" ] && [ "$_i" -lt 100 ]; do
		sleep 0.1; _i=$((_i + 1))
	done
	if [ ! -s "$T/bus" ]; then
		kill -TERM "$_bus_run" 2>/dev/null
		echo "# no session bus:"
		sed 's/^/#   /' "$T/bus.log"
		return 1
	fi
	read -r _bus_holder DBUS_SESSION_BUS_ADDRESS <"$T/bus"
	export DBUS_SESSION_BUS_ADDRESS
	_bus_group=$(ps -o pgid= -p "$_bus_holder" | tr -d ' ')
	at_exit "gui_bus_stop $_bus_group $_bus_holder $_bus_run"
}

# gui_bus_stop GROUP HOLDER RUN: ends the holder, so that dbus-run-session
# (RUN) stops the bus; what the bus started stops when it loses the bus.
# Waits until nothing of the process group GROUP runs (at most 5 s, then
# kills what is left).
gui_bus_stop() {
	kill -TERM "$2" 2>/dev/null
	wait "$3" 2>/dev/null
	_i=0
	while ps -eo pgid=,stat= | awk -v g="$1" \
	    '$1 == g && $2 !~ /^Z/ { f = 1 } END { exit !f }'; do
		if [ "$_i" -ge 50 ]; then
			kill -KILL -- "-$1" 2>/dev/null
			break
		fi
		sleep 0.1; _i=$((_i + 1))
	done
}

# gui_text_scale FACTOR: the desktop's text scale, as X11 desktops set it
# (Xft.dpi; 96 is 100%), for windows started afterwards.
gui_text_scale() {
	echo "Xft.dpi: $((96 * $1))" | xrdb -merge -nocpp
}

# gui_start ARGS...: starts examgui (stderr in $T/gui.err) and waits for
# its window (GUI_WIN). Under the sanitizer build GTK's own libraries leak
# plenty at exit, so leak checking is off for this process only; the
# protocol code is leak-checked by its unit test (test_examproto).
gui_start() {
	: >"$T/gui.err"
	ASAN_OPTIONS="$ASAN_OPTIONS:detect_leaks=0" "$BIN/examgui" "$@" \
	    2>"$T/gui.err" &
	GUI_PID=$!
	at_exit "kill -KILL $GUI_PID 2>/dev/null"
	GUI_WIN=
	_i=0
	while [ -z "$GUI_WIN" ] && [ "$_i" -lt 300 ]; do
		GUI_WIN=$(xdotool search --all --onlyvisible --pid "$GUI_PID" \
		    --name '^Exam ' 2>/dev/null | head -n 1)
		[ -n "$GUI_WIN" ] || sleep 0.1
		_i=$((_i + 1))
	done
	[ -n "$GUI_WIN" ] || return 1
	# Mapped is not yet viewable: focusing can fail for a moment.
	_i=0
	until xdotool windowfocus --sync "$GUI_WIN" 2>/dev/null; do
		[ "$_i" -ge 50 ] && return 1
		sleep 0.1; _i=$((_i + 1))
	done
}

# gui_title: the window's title, which names its screen.
gui_title() { xdotool getwindowname "$GUI_WIN" 2>/dev/null; }

# gui_wait TITLE-REGEX [SECONDS]: waits until the title matches; the
# screen has then been drawn once it settles (a short pause).
gui_wait() {
	_i=0
	while [ "$_i" -lt $((${2:-20} * 10)) ]; do
		if gui_title | grep -Eq -- "$1"; then
			sleep 0.3
			return 0
		fi
		sleep 0.1; _i=$((_i + 1))
	done
	echo "# title: $(gui_title)"
	return 1
}

# gui_type TEXT, gui_key KEY...: keyboard input to the focused widget.
gui_type() { xdotool type --delay 30 -- "$1"; }
gui_key() { xdotool key --delay 50 "$@"; }

# gui_shot NAME: the window as $SHOTS/NAME.png.
gui_shot() { import -window "$GUI_WIN" "$SHOTS/$1.png"; }

# gui_colour_in NAME HEX: the screenshot holds pixels of colour #HEX.
gui_colour_in() {
	convert "$SHOTS/$1.png" -format %c histogram:info:- |
	    grep -qi "#$2"
}

# gui_differ NAME1 NAME2: the two screenshots differ in some pixel.
gui_differ() {
	_ae=$(compare -metric AE "$SHOTS/$1.png" "$SHOTS/$2.png" null: 2>&1)
	case $_ae in
	'' | *[!0-9.e+]*) echo "# compare: $_ae"; return 2 ;;
	esac
	[ "$_ae" != 0 ]
}

# gui_size: the window's width and height ("640x480").
gui_size() {
	xdotool getwindowgeometry "$GUI_WIN" | sed -n 's/.*Geometry: //p'
}

# gui_gone SECONDS: examgui has exited within SECONDS; its status is
# then in GUI_RC.
gui_gone() {
	_i=0
	while kill -0 "$GUI_PID" 2>/dev/null; do
		[ "$_i" -ge $(($1 * 20)) ] && return 1
		sleep 0.05; _i=$((_i + 1))
	done
	wait "$GUI_PID" 2>/dev/null
	GUI_RC=$?
	return 0
}
