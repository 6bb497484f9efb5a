/* examgui [HOST [PORT]]: a GTK 4 window for the exam service. It shows
 * one screen at a time (connect, username, password, new password, the
 * menu of exams, each question, the score, the goodbye of a session that
 * ends without one) and speaks the conversation of
 * SPEC section 2 through examproto, which turns what the server sends into
 * events; this file only maps those events to widgets and the widgets'
 * input back to lines. All network I/O is asynchronous (GSocketClient,
 * GInputStream/GOutputStream async calls), so the window never waits for
 * the server. Exit status: 0; 1 when GTK cannot open a display; 2 for
 * wrong arguments. */
#include <gtk/gtk.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "examproto.h"

#define DEFAULT_HOST		"localhost"
#define DEFAULT_PORT		9000
#define CONNECT_TIMEOUT_S	15
#define READ_SIZE		4096
/* The window grows with its content up to this height, then scrolls. */
#define MAX_CONTENT_HEIGHT	900

enum screen {
	SCR_CONNECT, SCR_WAIT, SCR_USERNAME, SCR_PASSWORD, SCR_NEWPASS,
	SCR_MENU, SCR_QUESTION, SCR_SCORE, SCR_END, SCR_COUNT
};

static const char *const screen_ids[SCR_COUNT] = {
	"connect", "wait", "username", "password", "newpass", "menu",
	"question", "score", "end",
};

struct gui {
	GtkApplication	*app;
	GtkWindow	*win;
	GtkStack	*stack;
	enum screen	 screen;
	GtkWidget	*banner, *banner_addrs;
	GtkWidget	*notice;
	GtkWidget	*scroll, *outer;
	/* connect */
	GtkWidget	*host, *port, *connect_btn;
	GtkWidget	*wait_label;
	/* username, password, new password */
	GtkWidget	*user;
	GtkWidget	*pw_label, *pw;
	GtkWidget	*np_label, *np1, *np2;
	/* menu */
	GtkWidget	*menu;
	size_t		 nitems;
	/* question */
	GtkWidget	*q_number, *q_time, *q_text, *q_choices;
	GtkWidget	*choice[XP_CHOICES_MAX];
	int		 nchoices;
	/* score */
	GtkWidget	*score, *score_pct, *score_note, *score_bye, *close_btn;
	/* the end without a score */
	GtkWidget	*end_text, *end_btn;

	/* the session */
	char		*hostname;
	guint16		 portnum;
	GSocketClient	*client;
	GSocketConnection *conn;
	GCancellable	*cancel;
	guint		 connect_timer;
	int		 pending;	/* async calls not yet called back */
	int		 closing;	/* the window is going away */
	char		 rbuf[READ_SIZE];
	GString		*wq;		/* lines not yet handed to a write */
	char		*wbuf;		/* the write in flight */
	size_t		 wlen;
	struct xp_parser parser;
	char		 username[64];
	char		*repeat;	/* the second new password, until asked */
	char		*last_line;	/* the server's last message */
	int		 scored;
	int		 ended;		/* the server said goodbye */
	int		 busy;		/* sent; the next prompt not yet here */
	int		 autoconnect;	/* HOST and PORT given */
	gint64		 deadline;	/* monotonic µs, or 0: no time limit */
	guint		 tick;
};

static void start_read(struct gui *g);

/* Frees a copy of a password after overwriting it. */
static void
wipe_free(char *s)
{
	if (s != NULL) {
		explicit_bzero(s, strlen(s));
		free(s);
	}
}

/* What the server sent is shown as plain text (never markup); bytes that
 * are not UTF-8 are replaced so GTK accepts them. */
static void
set_text(GtkWidget *label, const char *s)
{
	char *v = g_utf8_make_valid(s, -1);

	gtk_label_set_text(GTK_LABEL(label), v);
	g_free(v);
}

static void
notice(struct gui *g, const char *text, int error)
{
	if (text == NULL || *text == '\0') {
		gtk_widget_set_visible(g->notice, FALSE);
		return;
	}
	set_text(g->notice, text);
	if (error)
		gtk_widget_add_css_class(g->notice, "error");
	else
		gtk_widget_remove_css_class(g->notice, "error");
	gtk_widget_set_visible(g->notice, TRUE);
}

/* Grows the window to show the whole screen (up to MAX_CONTENT_HEIGHT,
 * then it scrolls): a window keeps its size when its content's natural
 * size changes, so the scrolled window's minimum is raised instead. */
static void
fit(struct gui *g)
{
	int w = gtk_widget_get_width(GTK_WIDGET(g->win)), nat = 0;

	gtk_widget_measure(g->outer, GTK_ORIENTATION_VERTICAL,
	    w > 0 ? w : -1, NULL, &nat, NULL, NULL);
	gtk_scrolled_window_set_min_content_height(GTK_SCROLLED_WINDOW(
	    g->scroll), MIN(nat, MAX_CONTENT_HEIGHT));
}

/* Shows a screen; the window title names it, so the window list (and a
 * test) can tell where the session is. */
static void
show(struct gui *g, enum screen s, const char *title, GtkWidget *focus)
{
	char *t;

	g->screen = s;
	g->busy = 0;
	gtk_widget_set_sensitive(GTK_WIDGET(g->stack), TRUE);
	gtk_stack_set_visible_child_name(g->stack, screen_ids[s]);
	t = g_strdup_printf("Exam \u2014 %s", title);
	gtk_window_set_title(g->win, t);
	g_free(t);
	fit(g);
	if (focus != NULL)
		gtk_widget_grab_focus(focus);
}

static void
stop_timer(guint *id)
{
	if (*id != 0) {
		g_source_remove(*id);
		*id = 0;
	}
}

/* Ends the connection at once, whatever is in flight: the pending calls
 * come back cancelled and find no connection. */
static void
drop_connection(struct gui *g)
{
	stop_timer(&g->connect_timer);
	stop_timer(&g->tick);
	if (g->cancel != NULL) {
		g_cancellable_cancel(g->cancel);
		g_clear_object(&g->cancel);
	}
	if (g->conn != NULL) {
		(void)g_socket_close(g_socket_connection_get_socket(g->conn),
		    NULL);
		g_clear_object(&g->conn);
	}
	if (g->wq != NULL) {
		explicit_bzero(g->wq->str, g->wq->len);
		g_string_truncate(g->wq, 0);
	}
	wipe_free(g->repeat);
	g->repeat = NULL;
	xp_free(&g->parser);
}

/* The session is over without a score: back to the connect screen with
 * the reason, also on stderr for whoever started us from a terminal. */
static void
connection_lost(struct gui *g, const char *why)
{
	drop_connection(g);
	fprintf(stderr, "examgui: %s\n", why);
	notice(g, why, 1);
	gtk_widget_set_sensitive(g->connect_btn, TRUE);
	show(g, SCR_CONNECT, "Connect", g->host);
}

static void on_written(GObject *src, GAsyncResult *res, gpointer data);

/* Hands the queued lines to one asynchronous write, unless one is in
 * flight (its end starts the next). */
static void
start_write(struct gui *g)
{
	if (g->conn == NULL || g->wbuf != NULL || g->wq->len == 0)
		return;
	g->wlen = g->wq->len;
	g->wbuf = g_memdup2(g->wq->str, g->wlen);
	explicit_bzero(g->wq->str, g->wq->len);
	g_string_truncate(g->wq, 0);
	g->pending++;
	g_output_stream_write_all_async(g_io_stream_get_output_stream(
	    G_IO_STREAM(g->conn)), g->wbuf, g->wlen, G_PRIORITY_DEFAULT,
	    g->cancel, on_written, g);
}

static void
on_written(GObject *src, GAsyncResult *res, gpointer data)
{
	struct gui *g = data;
	GError *err = NULL;
	gboolean ok, current;

	ok = g_output_stream_write_all_finish(G_OUTPUT_STREAM(src), res, NULL,
	    &err);
	g->pending--;
	explicit_bzero(g->wbuf, g->wlen);
	g_free(g->wbuf);
	g->wbuf = NULL;
	current = g->conn != NULL && !g->closing &&
	    g_io_stream_get_output_stream(G_IO_STREAM(g->conn)) ==
	    G_OUTPUT_STREAM(src);
	if (!ok) {
		/* A write on a connection dropped meanwhile fails too. */
		if (current) {
			char *m = g_strdup_printf("Sending to the server "
			    "failed: %s", err->message);
			connection_lost(g, m);
			g_free(m);
		}
		g_error_free(err);
		return;
	}
	start_write(g);
}

/* Sends one line (CRLF added); lines queue behind a write in flight. */
static void
send_line(struct gui *g, const char *s)
{
	if (g->conn == NULL)
		return;
	g_string_append(g->wq, s);
	g_string_append(g->wq, "\r\n");
	start_write(g);
}

/* Sends what the user gave on this screen. The screen stays, greyed out,
 * until the server's next prompt: input given meanwhile is ignored, so a
 * second Enter cannot answer the next question unseen. */
static void
submit(struct gui *g, const char *s)
{
	send_line(g, s);
	g->busy = 1;
	notice(g, NULL, 0);
	/* Focus leaves first: a focused entry made insensitive would miss
	 * its focus-out. */
	gtk_window_set_focus(g->win, NULL);
	gtk_widget_set_sensitive(GTK_WIDGET(g->stack), FALSE);
}

static gboolean
on_tick(gpointer data)
{
	struct gui *g = data;
	gint64 left = (g->deadline - g_get_monotonic_time()) / G_USEC_PER_SEC;
	char *t;

	if (left < 0)
		left = 0;
	t = g_strdup_printf("Time left: %d:%02d", (int)(left / 60),
	    (int)(left % 60));
	set_text(g->q_time, t);
	g_free(t);
	return G_SOURCE_CONTINUE;
}

static void
show_question(struct gui *g, const struct xp_question *q)
{
	GtkWidget *child;
	char *t;
	int i;

	while ((child = gtk_widget_get_first_child(g->q_choices)) != NULL)
		gtk_box_remove(GTK_BOX(g->q_choices), child);
	t = g_strdup_printf("Question %d of %d", q->number, q->total);
	set_text(g->q_number, t);
	set_text(g->q_text, q->text ? q->text : "");
	g->nchoices = q->nchoices;
	for (i = 0; i < q->nchoices; i++) {
		char *c = g_strdup_printf("%c) %s", 'a' + i, q->choices[i]);
		char *v = g_utf8_make_valid(c, -1);
		GtkWidget *b = gtk_check_button_new_with_label(v);
		GtkWidget *l = gtk_check_button_get_child(GTK_CHECK_BUTTON(b));

		if (GTK_IS_LABEL(l)) {
			gtk_label_set_wrap(GTK_LABEL(l), TRUE);
			gtk_label_set_wrap_mode(GTK_LABEL(l),
			    PANGO_WRAP_WORD_CHAR);
		}
		if (i > 0)
			gtk_check_button_set_group(GTK_CHECK_BUTTON(b),
			    GTK_CHECK_BUTTON(g->choice[0]));
		gtk_box_append(GTK_BOX(g->q_choices), b);
		g->choice[i] = b;
		g_free(v);
		g_free(c);
	}
	gtk_widget_set_visible(g->q_time, g->deadline != 0);
	if (g->deadline != 0)
		on_tick(g);
	show(g, SCR_QUESTION, t, g->nchoices > 0 ? g->choice[0] : NULL);
	g_free(t);
}

static void
show_menu(struct gui *g, char *const *items, size_t n)
{
	GtkWidget *row;
	size_t i;

	while ((row = gtk_widget_get_first_child(g->menu)) != NULL)
		gtk_list_box_remove(GTK_LIST_BOX(g->menu), row);
	for (i = 0; i < n; i++) {
		char *t = g_strdup_printf("%zu) %s", i + 1, items[i]);
		GtkWidget *l = gtk_label_new(NULL);

		set_text(l, t);
		gtk_label_set_xalign(GTK_LABEL(l), 0);
		gtk_widget_add_css_class(l, "item");
		gtk_list_box_append(GTK_LIST_BOX(g->menu), l);
		g_free(t);
	}
	g->nitems = n;
	row = GTK_WIDGET(gtk_list_box_get_row_at_index(GTK_LIST_BOX(g->menu),
	    0));
	if (row != NULL)
		gtk_list_box_select_row(GTK_LIST_BOX(g->menu),
		    GTK_LIST_BOX_ROW(row));
	show(g, SCR_MENU, "Choose an exam", row);
}

static void
on_event(const struct xp_event *ev, void *data)
{
	struct gui *g = data;
	char *t;
	size_t i;

	switch (ev->kind) {
	case XP_WELCOME:
		break;
	case XP_SEVENTH: {
		GString *s = g_string_new(NULL);

		for (i = 0; i < ev->nlist; i++)
			g_string_append_printf(s, "%s%s", i ? "\n" : "",
			    ev->list[i]);
		set_text(g->banner_addrs, s->str);
		g_string_free(s, TRUE);
		gtk_widget_set_visible(g->banner, TRUE);
		break;
	}
	case XP_ASK_USERNAME:
		gtk_editable_set_text(GTK_EDITABLE(g->user), "");
		show(g, SCR_USERNAME, "Username", g->user);
		break;
	case XP_ASK_PASSWORD:
		t = g_strdup_printf("Password for %s:", g->username);
		set_text(g->pw_label, t);
		g_free(t);
		gtk_editable_set_text(GTK_EDITABLE(g->pw), "");
		show(g, SCR_PASSWORD, "Password", g->pw);
		break;
	case XP_ASK_NEW_PASSWORD:
		t = g_strdup_printf("New user %s. Choose a password and type "
		    "it again:", ev->name ? ev->name : g->username);
		set_text(g->np_label, t);
		g_free(t);
		gtk_editable_set_text(GTK_EDITABLE(g->np1), "");
		gtk_editable_set_text(GTK_EDITABLE(g->np2), "");
		show(g, SCR_NEWPASS, "New password", g->np1);
		break;
	case XP_ASK_REPEAT:
		if (g->repeat != NULL) {
			send_line(g, g->repeat);
			wipe_free(g->repeat);
			g->repeat = NULL;
		} else {
			set_text(g->pw_label, "Repeat the password:");
			gtk_editable_set_text(GTK_EDITABLE(g->pw), "");
			show(g, SCR_PASSWORD, "Password", g->pw);
		}
		break;
	case XP_ASK_EXAM:
		show_menu(g, ev->list, ev->nlist);
		break;
	case XP_ASK_ANSWER:
		show_question(g, ev->q);
		break;
	case XP_WRONG_PASSWORD:
	case XP_MISMATCH:
	case XP_TAKEN:
	case XP_BAD_INPUT:
	case XP_NO_ATTEMPTS:
	case XP_TOO_MANY:
	case XP_NO_EXAM:
		notice(g, ev->text, 1);
		break;
	case XP_TIME_LIMIT:
		notice(g, ev->text, 0);
		g->deadline = g_get_monotonic_time() +
		    (gint64)ev->n[0] * 60 * G_USEC_PER_SEC;
		stop_timer(&g->tick);
		g->tick = g_timeout_add_seconds(1, on_tick, g);
		break;
	case XP_TIME_UP:
		stop_timer(&g->tick);
		set_text(g->score_note, ev->text);
		gtk_widget_add_css_class(g->score_note, "timeup");
		notice(g, ev->text, 1);
		break;
	case XP_SCORE:
		stop_timer(&g->tick);
		t = g_strdup_printf("Your score: %d/%d", ev->n[0], ev->n[1]);
		set_text(g->score, t);
		g_free(t);
		t = g_strdup_printf("%d%%", ev->n[2]);
		set_text(g->score_pct, t);
		g_free(t);
		g->scored = 1;
		notice(g, NULL, 0);
		show(g, SCR_SCORE, "Score", g->close_btn);
		break;
	case XP_GOODBYE:
		g->ended = 1;
		stop_timer(&g->tick);
		if (!g->scored) {
			/* No exam left to take: the reason stays shown above. */
			set_text(g->end_text, ev->text);
			show(g, SCR_END, "Goodbye", g->end_btn);
		} else {
			set_text(g->score_bye, ev->text);
		}
		break;
	case XP_EXAM_START:
		/* The questions get the room the congratulation took. */
		gtk_widget_set_visible(g->banner, FALSE);
		notice(g, ev->text, 0);
		break;
	case XP_REGISTERED:
	case XP_WELCOME_BACK:
	case XP_LINE:
		notice(g, ev->text, 0);
		break;
	}
	if (ev->kind != XP_WELCOME && ev->kind != XP_SEVENTH &&
	    ev->text != NULL && ev->text[strlen(ev->text) - 1] != ' ') {
		g_free(g->last_line);
		g->last_line = g_strdup(ev->text);
	}
}

static void
on_read(GObject *src, GAsyncResult *res, gpointer data)
{
	struct gui *g = data;
	GError *err = NULL;
	gssize n;

	n = g_input_stream_read_finish(G_INPUT_STREAM(src), res, &err);
	g->pending--;
	if (g->closing || g->conn == NULL ||
	    g_io_stream_get_input_stream(G_IO_STREAM(g->conn)) !=
	    G_INPUT_STREAM(src)) {
		g_clear_error(&err);
		return;		/* a connection dropped meanwhile */
	}
	if (n > 0) {
		if (xp_feed(&g->parser, g->rbuf, (size_t)n) == -1) {
			connection_lost(g, "Out of memory.");
			return;
		}
		if (g->conn != NULL)
			start_read(g);
		return;
	}
	if (n == 0) {
		char *m;

		xp_finish(&g->parser);
		if (g->scored || g->ended) {
			drop_connection(g);
			return;
		}
		m = g_strdup_printf("The server closed the connection%s%s",
		    g->last_line ? ": " : ".", g->last_line ? g->last_line : "");
		connection_lost(g, m);
		g_free(m);
		return;
	}
	{
		char *m = g_strdup_printf("The connection failed: %s",
		    err->message);
		connection_lost(g, m);
		g_free(m);
	}
	g_error_free(err);
}

static void
start_read(struct gui *g)
{
	g->pending++;
	g_input_stream_read_async(g_io_stream_get_input_stream(
	    G_IO_STREAM(g->conn)), g->rbuf, sizeof g->rbuf, G_PRIORITY_DEFAULT,
	    g->cancel, on_read, g);
}

static gboolean
on_connect_timeout(gpointer data)
{
	struct gui *g = data;
	char *m;

	g->connect_timer = 0;
	m = g_strdup_printf("Cannot reach %s port %u: no answer within %d s.",
	    g->hostname, g->portnum, CONNECT_TIMEOUT_S);
	connection_lost(g, m);
	g_free(m);
	return G_SOURCE_REMOVE;
}

static void
on_connected(GObject *src, GAsyncResult *res, gpointer data)
{
	struct gui *g = data;
	GSocketConnection *c;
	GError *err = NULL;

	c = g_socket_client_connect_finish(G_SOCKET_CLIENT(src), res, &err);
	g->pending--;
	if (c == NULL) {
		if (!g_error_matches(err, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
		    !g->closing) {
			/* GIO says "Could not connect to HOST: why"; the
			 * host is in our own words already. */
			const char *why = err->message, *colon;
			char *m;

			if (g_str_has_prefix(why, "Could not connect to ") &&
			    (colon = strstr(why, ": ")) != NULL)
				why = colon + 2;
			m = g_strdup_printf("Cannot reach %s port %u: %s",
			    g->hostname, g->portnum, why);
			connection_lost(g, m);
			g_free(m);
		}
		g_error_free(err);
		return;
	}
	if (g->closing || g->cancel == NULL ||
	    g_cancellable_is_cancelled(g->cancel)) {
		g_object_unref(c);
		return;
	}
	stop_timer(&g->connect_timer);
	g->conn = c;
	xp_init(&g->parser, on_event, g);
	set_text(g->wait_label, "Connected. Waiting for the server\u2026");
	start_read(g);
}

static void
do_connect(struct gui *g)
{
	const char *host = gtk_editable_get_text(GTK_EDITABLE(g->host));
	const char *port = gtk_editable_get_text(GTK_EDITABLE(g->port));
	GSocketConnectable *addr;
	char *end, *m;
	long p;

	if (g->conn != NULL || g->cancel != NULL)
		return;
	while (*host == ' ')
		host++;
	p = strtol(port, &end, 10);
	if (*host == '\0') {
		notice(g, "Type the name or address of the exam server.", 1);
		gtk_widget_grab_focus(g->host);
		return;
	}
	if (end == port || *end != '\0' || p < 1 || p > 65535) {
		notice(g, "The port is a number from 1 to 65535.", 1);
		gtk_widget_grab_focus(g->port);
		return;
	}
	g_free(g->hostname);
	g->hostname = g_strdup(host);
	g->portnum = (guint16)p;
	g->scored = g->ended = 0;
	g->deadline = 0;
	gtk_widget_remove_css_class(g->score_note, "timeup");
	g->username[0] = '\0';
	g_clear_pointer(&g->last_line, g_free);
	gtk_widget_set_visible(g->banner, FALSE);
	set_text(g->score_note, "");
	set_text(g->score_bye, "");
	addr = g_network_address_new(g->hostname, g->portnum);
	g->cancel = g_cancellable_new();
	g->pending++;
	g_socket_client_connect_async(g->client, addr, g->cancel, on_connected,
	    g);
	g_object_unref(addr);
	g->connect_timer = g_timeout_add_seconds(CONNECT_TIMEOUT_S,
	    on_connect_timeout, g);
	m = g_strdup_printf("Connecting to %s port %u\u2026", g->hostname,
	    g->portnum);
	set_text(g->wait_label, m);
	g_free(m);
	notice(g, NULL, 0);
	show(g, SCR_WAIT, "Connecting", NULL);
}

static void
submit_username(struct gui *g)
{
	const char *u = gtk_editable_get_text(GTK_EDITABLE(g->user));

	g_strlcpy(g->username, u, sizeof g->username);
	g_strstrip(g->username);
	submit(g, u);
}

static void
submit_password(struct gui *g)
{
	char *pw;

	/* An empty password can only be wrong: Enter pressed too early
	 * does not cost one of the three attempts. */
	if (*gtk_editable_get_text(GTK_EDITABLE(g->pw)) == '\0') {
		notice(g, "Type the password, then press Enter.", 1);
		return;
	}
	pw = g_strdup(gtk_editable_get_text(GTK_EDITABLE(g->pw)));

	submit(g, pw);
	gtk_editable_set_text(GTK_EDITABLE(g->pw), "");
	explicit_bzero(pw, strlen(pw));
	g_free(pw);
}

static void
submit_newpass(struct gui *g)
{
	char *pw;

	if (*gtk_editable_get_text(GTK_EDITABLE(g->np1)) == '\0') {
		notice(g, "Choose a password, then type it again below.", 1);
		gtk_widget_grab_focus(g->np1);
		return;
	}
	if (*gtk_editable_get_text(GTK_EDITABLE(g->np2)) == '\0') {
		notice(g, "Type the password again.", 1);
		gtk_widget_grab_focus(g->np2);
		return;
	}
	pw = g_strdup(gtk_editable_get_text(GTK_EDITABLE(g->np1)));

	wipe_free(g->repeat);
	g->repeat = strdup(gtk_editable_get_text(GTK_EDITABLE(g->np2)));
	submit(g, pw);
	gtk_editable_set_text(GTK_EDITABLE(g->np1), "");
	gtk_editable_set_text(GTK_EDITABLE(g->np2), "");
	explicit_bzero(pw, strlen(pw));
	g_free(pw);
}

static void
submit_menu(struct gui *g, GtkListBoxRow *row)
{
	char num[24];

	if (row == NULL)
		row = gtk_list_box_get_selected_row(GTK_LIST_BOX(g->menu));
	if (row == NULL) {
		notice(g, "Choose an exam from the list.", 1);
		return;
	}
	snprintf(num, sizeof num, "%d", gtk_list_box_row_get_index(row) + 1);
	submit(g, num);
}

static void
submit_answer(struct gui *g)
{
	char a[2] = { 0, 0 };
	int i;

	for (i = 0; i < g->nchoices; i++)
		if (gtk_check_button_get_active(GTK_CHECK_BUTTON(g->choice[i])))
			a[0] = (char)('a' + i);
	if (a[0] == 0) {
		notice(g, "Choose an answer first (press its letter, or click "
		    "it).", 1);
		return;
	}
	submit(g, a);
}

/* Enter in a field or a click on a screen's button. */
static void
on_submit(GtkWidget *w, gpointer data)
{
	struct gui *g = data;

	if (g->busy)
		return;
	switch (g->screen) {
	case SCR_CONNECT:
		do_connect(g);
		break;
	case SCR_USERNAME:
		submit_username(g);
		break;
	case SCR_PASSWORD:
		submit_password(g);
		break;
	case SCR_NEWPASS:
		if (w == g->np1)
			gtk_widget_grab_focus(g->np2);
		else
			submit_newpass(g);
		break;
	case SCR_MENU:
		submit_menu(g, NULL);
		break;
	case SCR_QUESTION:
		submit_answer(g);
		break;
	case SCR_SCORE:
	case SCR_END:
		gtk_window_close(g->win);
		break;
	default:
		break;
	}
}

static void
on_row_activated(GtkListBox *box, GtkListBoxRow *row, gpointer data)
{
	struct gui *g = data;

	if (!g->busy)
		submit_menu(g, row);
}

/* Keys for the whole window, before the focused widget sees them: on a
 * question a letter picks its choice and Enter submits; on the menu a
 * digit picks an exam; Ctrl+Q or Ctrl+W closes at any point. */
static gboolean
on_key(GtkEventControllerKey *k, guint keyval, guint code,
    GdkModifierType mods, gpointer data)
{
	struct gui *g = data;
	guint32 c = gdk_keyval_to_unicode(gdk_keyval_to_lower(keyval));

	if ((mods & GDK_CONTROL_MASK) && (keyval == GDK_KEY_q ||
	    keyval == GDK_KEY_w)) {
		gtk_window_close(g->win);
		return TRUE;
	}
	if (mods & (GDK_CONTROL_MASK | GDK_ALT_MASK))
		return FALSE;
	if (g->busy)
		return TRUE;
	if (g->screen == SCR_QUESTION) {
		if (c >= 'a' && c < 'a' + (guint32)g->nchoices) {
			gtk_check_button_set_active(GTK_CHECK_BUTTON(
			    g->choice[c - 'a']), TRUE);
			gtk_widget_grab_focus(g->choice[c - 'a']);
			return TRUE;
		}
		if (keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter ||
		    keyval == GDK_KEY_ISO_Enter) {
			submit_answer(g);
			return TRUE;
		}
	}
	if ((g->screen == SCR_SCORE || g->screen == SCR_END) && (keyval == GDK_KEY_Return ||
	    keyval == GDK_KEY_KP_Enter || keyval == GDK_KEY_ISO_Enter)) {
		gtk_window_close(g->win);
		return TRUE;
	}
	if (g->screen == SCR_MENU && c >= '1' && c <= '9' &&
	    c - '0' <= g->nitems) {
		GtkListBoxRow *row = gtk_list_box_get_row_at_index(
		    GTK_LIST_BOX(g->menu), (int)(c - '1'));

		gtk_list_box_select_row(GTK_LIST_BOX(g->menu), row);
		gtk_widget_grab_focus(GTK_WIDGET(row));
		return TRUE;
	}
	return FALSE;
}

/* Closing drops the connection at once (the server ends the session and
 * stores nothing); the calls still in flight come back cancelled. */
static gboolean
on_close_request(GtkWindow *w, gpointer data)
{
	struct gui *g = data;

	g->closing = 1;
	drop_connection(g);
	return FALSE;
}

/* A label that wraps, so large text grows the window downwards rather
 * than cutting words off. */
static GtkWidget *
text_label(const char *s, const char *css)
{
	GtkWidget *l = gtk_label_new(s);

	gtk_label_set_wrap(GTK_LABEL(l), TRUE);
	gtk_label_set_wrap_mode(GTK_LABEL(l), PANGO_WRAP_WORD_CHAR);
	gtk_label_set_xalign(GTK_LABEL(l), 0);
	gtk_label_set_max_width_chars(GTK_LABEL(l), 60);
	if (css != NULL)
		gtk_widget_add_css_class(l, css);
	return l;
}

static GtkWidget *
page(struct gui *g, enum screen s)
{
	GtkWidget *box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 12);

	gtk_stack_add_named(g->stack, box, screen_ids[s]);
	return box;
}

/* A labelled field: "_Label" names the field for Alt+letter and for
 * screen readers. */
static GtkWidget *
field(struct gui *g, GtkWidget *box, const char *label, GtkWidget *entry)
{
	GtkWidget *l = gtk_label_new_with_mnemonic(label);

	gtk_label_set_xalign(GTK_LABEL(l), 0);
	gtk_label_set_mnemonic_widget(GTK_LABEL(l), entry);
	gtk_box_append(GTK_BOX(box), l);
	gtk_box_append(GTK_BOX(box), entry);
	g_signal_connect(entry, "activate", G_CALLBACK(on_submit), g);
	return entry;
}

static GtkWidget *
button(struct gui *g, GtkWidget *box, const char *label)
{
	GtkWidget *b = gtk_button_new_with_mnemonic(label);

	gtk_widget_set_halign(b, GTK_ALIGN_END);
	gtk_widget_add_css_class(b, "suggested-action");
	gtk_box_append(GTK_BOX(box), b);
	g_signal_connect_swapped(b, "clicked", G_CALLBACK(on_submit), g);
	return b;
}

static GtkWidget *
password_entry(void)
{
	GtkWidget *e = gtk_password_entry_new();

	gtk_password_entry_set_show_peek_icon(GTK_PASSWORD_ENTRY(e), TRUE);
	return e;
}

static const char css[] =
    "window.examgui .content { padding: 18px; }\n"
    ".seventh { background-color: #f6d32d; color: #000000;"
    " padding: 12px; border-radius: 6px; }\n"
    ".seventh label { color: #000000; }\n"
    ".notice { padding: 6px 0; }\n"
    ".notice.error, .timeup { color: #a51d2d; font-weight: bold; }\n"
    /* Sizes relative to the text size the desktop asks for (Adwaita's
     * title classes are fixed point sizes that would not follow it). */
    ".heading { font-size: 130%; font-weight: bold; }\n"
    ".qnumber { font-weight: bold; }\n"
    ".question { font-size: 120%; }\n"
    ".score { font-size: 200%; font-weight: bold; }\n"
    ".item { padding: 6px; }\n"
    /* Radio buttons as large as the text beside them. */
    "checkbutton { border-spacing: 0.5em; }\n"
    "checkbutton > radio, checkbutton > check { min-width: 1em;"
    " min-height: 1em; -gtk-icon-size: 0.8em; }\n";

static void
build(struct gui *g)
{
	GtkWidget *outer, *content, *scroll, *box;
	GtkCssProvider *prov;
	GtkEventController *keys;

	g->win = GTK_WINDOW(gtk_application_window_new(g->app));
	gtk_widget_add_css_class(GTK_WIDGET(g->win), "examgui");
	gtk_window_set_default_size(g->win, 640, 480);
	prov = gtk_css_provider_new();
	gtk_css_provider_load_from_data(prov, css, -1);
	gtk_style_context_add_provider_for_display(gdk_display_get_default(),
	    GTK_STYLE_PROVIDER(prov), GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
	g_object_unref(prov);

	/* Everything scrolls vertically, so nothing is cut off however
	 * large the text. */
	scroll = g->scroll = gtk_scrolled_window_new();
	gtk_scrolled_window_set_policy(GTK_SCROLLED_WINDOW(scroll),
	    GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
	gtk_window_set_child(g->win, scroll);
	outer = g->outer = gtk_box_new(GTK_ORIENTATION_VERTICAL, 12);
	gtk_widget_add_css_class(outer, "content");
	gtk_scrolled_window_set_child(GTK_SCROLLED_WINDOW(scroll), outer);

	g->banner = gtk_box_new(GTK_ORIENTATION_VERTICAL, 6);
	gtk_widget_add_css_class(g->banner, "seventh");
	gtk_box_append(GTK_BOX(g->banner), text_label("Congratulations, you "
	    "are the seventh user!", "heading"));
	gtk_box_append(GTK_BOX(g->banner), text_label("The seven connections "
	    "since the count began:", NULL));
	g->banner_addrs = text_label("", "monospace");
	gtk_label_set_selectable(GTK_LABEL(g->banner_addrs), TRUE);
	gtk_box_append(GTK_BOX(g->banner), g->banner_addrs);
	gtk_widget_set_visible(g->banner, FALSE);
	gtk_box_append(GTK_BOX(outer), g->banner);

	g->notice = text_label("", "notice");
	gtk_widget_set_visible(g->notice, FALSE);
	gtk_box_append(GTK_BOX(outer), g->notice);

	content = gtk_stack_new();
	g->stack = GTK_STACK(content);
	/* The height of the screen shown, not of the tallest one. */
	gtk_stack_set_vhomogeneous(g->stack, FALSE);
	gtk_box_append(GTK_BOX(outer), content);

	box = page(g, SCR_CONNECT);
	gtk_box_append(GTK_BOX(box), text_label("Connect to the exam server.",
	    "heading"));
	g->host = field(g, box, "_Server", gtk_entry_new());
	g->port = field(g, box, "_Port", gtk_entry_new());
	gtk_entry_set_input_purpose(GTK_ENTRY(g->port),
	    GTK_INPUT_PURPOSE_DIGITS);
	g->connect_btn = button(g, box, "_Connect");

	box = page(g, SCR_WAIT);
	g->wait_label = text_label("", NULL);
	gtk_box_append(GTK_BOX(box), g->wait_label);

	box = page(g, SCR_USERNAME);
	gtk_box_append(GTK_BOX(box), text_label("Log in, or pick a new name to "
	    "register.", "heading"));
	g->user = field(g, box, "_Username", gtk_entry_new());
	gtk_entry_set_max_length(GTK_ENTRY(g->user), 32);
	button(g, box, "C_ontinue");

	box = page(g, SCR_PASSWORD);
	g->pw_label = text_label("", "heading");
	gtk_box_append(GTK_BOX(box), g->pw_label);
	g->pw = field(g, box, "_Password", password_entry());
	button(g, box, "_Log in");

	box = page(g, SCR_NEWPASS);
	g->np_label = text_label("", "heading");
	gtk_box_append(GTK_BOX(box), g->np_label);
	g->np1 = field(g, box, "_Password", password_entry());
	g->np2 = field(g, box, "_Repeat password", password_entry());
	button(g, box, "_Register");

	box = page(g, SCR_MENU);
	gtk_box_append(GTK_BOX(box), text_label("Choose an exam:",
	    "heading"));
	g->menu = gtk_list_box_new();
	gtk_list_box_set_selection_mode(GTK_LIST_BOX(g->menu),
	    GTK_SELECTION_BROWSE);
	gtk_widget_add_css_class(g->menu, "boxed-list");
	g_signal_connect(g->menu, "row-activated",
	    G_CALLBACK(on_row_activated), g);
	gtk_box_append(GTK_BOX(box), g->menu);
	button(g, box, "_Start");

	box = page(g, SCR_QUESTION);
	g->q_number = text_label("", "qnumber");
	gtk_box_append(GTK_BOX(box), g->q_number);
	g->q_time = text_label("", "qnumber");
	gtk_box_append(GTK_BOX(box), g->q_time);
	g->q_text = text_label("", "question");
	gtk_box_append(GTK_BOX(box), g->q_text);
	g->q_choices = gtk_box_new(GTK_ORIENTATION_VERTICAL, 6);
	gtk_box_append(GTK_BOX(box), g->q_choices);
	gtk_box_append(GTK_BOX(box), text_label("Press a choice's letter, "
	    "then Enter.", "dim-label"));
	button(g, box, "_Answer");

	box = page(g, SCR_SCORE);
	g->score = text_label("", "score");
	gtk_box_append(GTK_BOX(box), g->score);
	g->score_pct = text_label("", "score");
	gtk_box_append(GTK_BOX(box), g->score_pct);
	g->score_note = text_label("", NULL);
	gtk_box_append(GTK_BOX(box), g->score_note);
	g->score_bye = text_label("", NULL);
	gtk_box_append(GTK_BOX(box), g->score_bye);
	g->close_btn = button(g, box, "_Close");

	box = page(g, SCR_END);
	g->end_text = text_label("", "heading");
	gtk_box_append(GTK_BOX(box), g->end_text);
	g->end_btn = button(g, box, "_Close");

	keys = gtk_event_controller_key_new();
	gtk_event_controller_set_propagation_phase(keys, GTK_PHASE_CAPTURE);
	g_signal_connect(keys, "key-pressed", G_CALLBACK(on_key), g);
	gtk_widget_add_controller(GTK_WIDGET(g->win), keys);
	g_signal_connect(g->win, "close-request",
	    G_CALLBACK(on_close_request), g);
}

static void
on_activate(GApplication *app, gpointer data)
{
	struct gui *g = data;
	char port[8];

	if (g->win != NULL) {
		gtk_window_present(g->win);
		return;
	}
	build(g);
	gtk_editable_set_text(GTK_EDITABLE(g->host), g->hostname);
	snprintf(port, sizeof port, "%u", g->portnum);
	gtk_editable_set_text(GTK_EDITABLE(g->port), port);
	show(g, SCR_CONNECT, "Connect", g->host);
	gtk_window_present(g->win);
	if (g->autoconnect)
		do_connect(g);
}

static gboolean
give_up(gpointer data)
{
	*(int *)data = 1;
	return G_SOURCE_REMOVE;
}

static int
usage(void)
{
	fprintf(stderr, "usage: examgui [HOST [PORT]]\n");
	return 2;
}

int
main(int argc, char **argv)
{
	struct gui g;
	char *end;
	long p = DEFAULT_PORT;
	int rc, late = 0;
	guint t;

	memset(&g, 0, sizeof g);
	if (argc > 1 && (strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "--help") == 0)) {
		printf("usage: examgui [HOST [PORT]]\n");
		return 0;
	}
	if (argc == 2 && strcmp(argv[1], "--version") == 0) {
		printf("examgui %s\n", VERSION);
		return fflush(stdout) == 0 ? 0 : 1;
	}
	if (argc > 3 || (argc > 1 && argv[1][0] == '-'))
		return usage();
	if (argc > 2) {
		p = strtol(argv[2], &end, 10);
		if (end == argv[2] || *end != '\0' || p < 1 || p > 65535) {
			fprintf(stderr, "examgui: the port is a number from 1 "
			    "to 65535: %s\n", argv[2]);
			return 2;
		}
	}
	g.hostname = g_strdup(argc > 1 ? argv[1] : DEFAULT_HOST);
	g.portnum = (guint16)p;
	g.wq = g_string_new(NULL);
	g.client = g_socket_client_new();
	/* Every student in a lab runs their own window: no single instance. */
	g.app = gtk_application_new(NULL, G_APPLICATION_NON_UNIQUE);
	g.autoconnect = argc > 2;
	g_signal_connect(g.app, "activate", G_CALLBACK(on_activate), &g);
	rc = g_application_run(G_APPLICATION(g.app), 1, argv);

	/* Let the cancelled calls come back (at most a second) so nothing
	 * they hold is left behind. */
	drop_connection(&g);
	t = g_timeout_add(1000, give_up, &late);
	while (g.pending > 0 && !late)
		g_main_context_iteration(NULL, TRUE);
	if (!late)
		g_source_remove(t);
	g_object_unref(g.app);
	g_object_unref(g.client);
	g_string_free(g.wq, TRUE);
	g_free(g.wbuf);
	g_free(g.hostname);
	g_free(g.last_line);
	return rc;
}
