/* SPDX-License-Identifier: ISC */
/* examgui's connection to the server, once made (examgui_connect.c makes
 * it): what the server sends goes through examproto, whose events this
 * file hands to the screens; what the screens send is queued and written.
 * All I/O is asynchronous (GInputStream/GOutputStream async calls), so
 * the window never waits for the server. */
#include <gtk/gtk.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "examgui.h"

static void start_read(struct gui *g);

void
conn_wipe_free(char *s)
{
	if (s != NULL) {
		explicit_bzero(s, strlen(s));
		free(s);
	}
}

/* Whatever is in flight: the pending calls come back cancelled and find
 * no connection. */
void
conn_drop(struct gui *g)
{
	gui_stop_timer(&g->connect_timer);
	gui_stop_timer(&g->tick);
	if (g->cancel != NULL) {
		g_cancellable_cancel(g->cancel);
		g_clear_object(&g->cancel);
	}
	g_clear_object(&g->io);
	if (g->conn != NULL) {
		(void)g_socket_close(g_socket_connection_get_socket(g->conn),
		    NULL);
		g_clear_object(&g->conn);
	}
	gui_security(g);
	if (g->wq != NULL) {
		explicit_bzero(g->wq->str, g->wq->len);
		g_string_truncate(g->wq, 0);
	}
	conn_wipe_free(g->repeat);
	g->repeat = NULL;
	xp_free(&g->parser);
}

/* The session is over without a score: back to the connect screen with
 * the reason, also on stderr for whoever started us from a terminal. */
void
conn_lost(struct gui *g, const char *why)
{
	conn_drop(g);
	fprintf(stderr, "examgui: %s\n", why);
	gui_notice(g, why, 1);
	gtk_widget_set_sensitive(g->connect_btn, TRUE);
	gui_show(g, SCR_CONNECT, "Connect", g->host);
}

static void on_written(GObject *src, GAsyncResult *res, gpointer data);

/* Hands the queued lines to one asynchronous write, unless one is in
 * flight (its end starts the next). */
static void
start_write(struct gui *g)
{
	if (g->io == NULL || g->wbuf != NULL || g->wq->len == 0)
		return;
	g->wlen = g->wq->len;
	g->wbuf = g_memdup2(g->wq->str, g->wlen);
	explicit_bzero(g->wq->str, g->wq->len);
	g_string_truncate(g->wq, 0);
	g->pending++;
	g_output_stream_write_all_async(g_io_stream_get_output_stream(
	    g->io), g->wbuf, g->wlen, G_PRIORITY_DEFAULT,
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
	current = g->io != NULL && !g->closing &&
	    g_io_stream_get_output_stream(g->io) ==
	    G_OUTPUT_STREAM(src);
	if (!ok) {
		/* A write on a connection dropped meanwhile fails too. */
		if (current) {
			char *m = g_strdup_printf("Sending to the server "
			    "failed: %s", err->message);
			conn_lost(g, m);
			g_free(m);
		}
		g_error_free(err);
		return;
	}
	start_write(g);
}

void
conn_send_line(struct gui *g, const char *s)
{
	if (g->io == NULL)
		return;
	g_string_append(g->wq, s);
	g_string_append(g->wq, "\r\n");
	start_write(g);
}

/* The screen stays, greyed out, until the server's next prompt: input
 * given meanwhile is ignored, so a second Enter cannot answer the next
 * question unseen. */
void
conn_submit(struct gui *g, const char *s)
{
	conn_send_line(g, s);
	g->busy = 1;
	gui_notice(g, NULL, 0);
	/* Focus leaves first: a focused entry made insensitive would miss
	 * its focus-out. */
	gtk_window_set_focus(g->win, NULL);
	gtk_widget_set_sensitive(GTK_WIDGET(g->stack), FALSE);
}

/* A prompt shows its screen; a message is shown above the screen, in the
 * error colour when it refuses what was sent. */
static void
on_event(const struct xp_event *ev, void *data)
{
	struct gui *g = data;

	switch (ev->kind) {
	case XP_WELCOME:
		break;
	case XP_SEVENTH:
		gui_banner_show(g, ev->list, ev->nlist);
		break;
	case XP_ASK_USERNAME:
		login_ask_username(g);
		break;
	case XP_ASK_PASSWORD:
		login_ask_password(g);
		break;
	case XP_ASK_NEW_PASSWORD:
		login_ask_new_password(g, ev->name);
		break;
	case XP_ASK_REPEAT:
		login_ask_repeat(g);
		break;
	case XP_ASK_EXAM:
		menu_show(g, ev->list, ev->nlist);
		break;
	case XP_ASK_ANSWER:
		question_show(g, ev->q);
		break;
	case XP_WRONG_PASSWORD:
	case XP_MISMATCH:
	case XP_TAKEN:
	case XP_BAD_INPUT:
	case XP_NO_ATTEMPTS:
	case XP_TOO_MANY:
	case XP_NO_EXAM:
		gui_notice(g, ev->text, 1);
		break;
	case XP_TIME_LIMIT:
		gui_notice(g, ev->text, 0);
		question_time_limit(g, ev->n[0]);
		break;
	case XP_TIME_UP:
		end_time_up(g, ev->text);
		break;
	case XP_SCORE:
		end_score(g, ev->n[0], ev->n[1], ev->n[2]);
		break;
	case XP_GOODBYE:
		end_goodbye(g, ev->text);
		break;
	case XP_EXAM_START:
		/* The questions get the room the congratulation took. */
		gtk_widget_set_visible(g->banner, FALSE);
		gui_notice(g, ev->text, 0);
		break;
	case XP_REGISTERED:
	case XP_WELCOME_BACK:
	case XP_LINE:
		gui_notice(g, ev->text, 0);
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
	if (g->closing || g->io == NULL ||
	    g_io_stream_get_input_stream(g->io) !=
	    G_INPUT_STREAM(src)) {
		g_clear_error(&err);
		return;		/* a connection dropped meanwhile */
	}
	if (n > 0) {
		if (xp_feed(&g->parser, g->rbuf, (size_t)n) == -1) {
			conn_lost(g, "Out of memory.");
			return;
		}
		if (g->io != NULL)
			start_read(g);
		return;
	}
	if (n == 0) {
		char *m;

		xp_finish(&g->parser);
		if (g->scored || g->ended) {
			conn_drop(g);
			return;
		}
		m = g_strdup_printf("The server closed the connection%s%s",
		    g->last_line ? ": " : ".", g->last_line ? g->last_line : "");
		conn_lost(g, m);
		g_free(m);
		return;
	}
	{
		char *m = g_strdup_printf("The connection failed: %s",
		    err->message);
		conn_lost(g, m);
		g_free(m);
	}
	g_error_free(err);
}

static void
start_read(struct gui *g)
{
	g->pending++;
	g_input_stream_read_async(g_io_stream_get_input_stream(
	    g->io), g->rbuf, sizeof g->rbuf, G_PRIORITY_DEFAULT,
	    g->cancel, on_read, g);
}

void
conn_begin(struct gui *g, GIOStream *io)
{
	g->io = io;
	gui_security(g);
	xp_init(&g->parser, on_event, g);
	start_read(g);
}
