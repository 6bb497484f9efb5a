/* SPDX-License-Identifier: ISC */
/* examgui's connect screen (the server's name and port, and whether the
 * connection is secure) and the wait while connecting: GSocketClient
 * connects asynchronously, so the window stays live (title, keys,
 * closing) however long the server takes, up to CONNECT_TIMEOUT_S, the
 * TLS handshake included (examgui_tls.c). examgui_conn.c takes the
 * connection from there. */
#include <gtk/gtk.h>

#include <stdlib.h>
#include <string.h>

#include "examgui.h"

#define CONNECT_TIMEOUT_S	15
/* The exam over TLS (SPEC 5): the port where the choice starts on. */
#define TLS_PORT		9443

/* The port's default for the secure choice, until the user makes it. */
static void
on_port_changed(GtkEditable *e, gpointer data)
{
	struct gui *g = data;
	const char *port = gtk_editable_get_text(e);

	if (g->secure_chosen)
		return;
	g->secure_setting = 1;
	gtk_check_button_set_active(GTK_CHECK_BUTTON(g->secure),
	    strcmp(port, G_STRINGIFY(TLS_PORT)) == 0);
	g->secure_setting = 0;
}

static void
on_secure_toggled(GtkCheckButton *b, gpointer data)
{
	struct gui *g = data;

	if (!g->secure_setting)
		g->secure_chosen = 1;
}

void
connect_choose_secure(struct gui *g)
{
	g->secure_setting = 1;
	gtk_check_button_set_active(GTK_CHECK_BUTTON(g->secure), TRUE);
	g->secure_setting = 0;
	g->secure_chosen = 1;
}

void
connect_build(struct gui *g)
{
	GtkWidget *box;

	box = gui_page(g, SCR_CONNECT);
	gtk_box_append(GTK_BOX(box), gui_text_label("Connect to the exam "
	    "server.", "heading"));
	g->host = gui_field(g, box, "_Server", gtk_entry_new());
	g->port = gui_field(g, box, "_Port", gtk_entry_new());
	gtk_entry_set_input_purpose(GTK_ENTRY(g->port),
	    GTK_INPUT_PURPOSE_DIGITS);
	g_signal_connect(g->port, "changed", G_CALLBACK(on_port_changed), g);
	/* A check button's label is its accessible name; the sentence under
	 * it says what the choice means. */
	g->secure = gtk_check_button_new_with_mnemonic("Secure connection "
	    "(_TLS)");
	g_signal_connect(g->secure, "toggled", G_CALLBACK(on_secure_toggled),
	    g);
	gtk_box_append(GTK_BOX(box), g->secure);
	gtk_box_append(GTK_BOX(box), gui_text_label("Encrypted, and only to "
	    "a server whose certificate is valid for the name above.",
	    NULL));
	g->connect_btn = gui_button(g, box, "_Connect");

	box = gui_page(g, SCR_WAIT);
	g->wait_label = gui_text_label("", NULL);
	gtk_box_append(GTK_BOX(box), g->wait_label);
}

static gboolean
on_connect_timeout(gpointer data)
{
	struct gui *g = data;
	char *m;

	g->connect_timer = 0;
	m = g_strdup_printf("Cannot reach %s port %u: no answer within %d s.",
	    g->hostname, g->portnum, CONNECT_TIMEOUT_S);
	conn_lost(g, m);
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
			conn_lost(g, m);
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
	g->conn = c;
	if (g->tls) {
		gui_set_text(g->wait_label, "Connected. Checking the "
		    "server's certificate\u2026");
		tls_begin(g);
		return;
	}
	gui_stop_timer(&g->connect_timer);
	gui_set_text(g->wait_label, "Connected. Waiting for the server\u2026");
	conn_begin(g, G_IO_STREAM(g_object_ref(c)));
}

/* Each connection is a session of its own: nothing of the last one
 * (score, banner, name, last message) carries over. */
void
connect_submit(struct gui *g)
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
		gui_notice(g, "Type the name or address of the exam server.",
		    1);
		gtk_widget_grab_focus(g->host);
		return;
	}
	if (end == port || *end != '\0' || p < 1 || p > 65535) {
		gui_notice(g, "The port is a number from 1 to 65535.", 1);
		gtk_widget_grab_focus(g->port);
		return;
	}
	g_free(g->hostname);
	g->hostname = g_strdup(host);
	g->portnum = (guint16)p;
	g->tls = gtk_check_button_get_active(GTK_CHECK_BUTTON(g->secure));
	g->scored = g->ended = 0;
	g->deadline = 0;
	g->username[0] = '\0';
	g_clear_pointer(&g->last_line, g_free);
	gtk_widget_set_visible(g->banner, FALSE);
	end_clear(g);
	addr = g_network_address_new(g->hostname, g->portnum);
	g->cancel = g_cancellable_new();
	g->pending++;
	g_socket_client_connect_async(g->client, addr, g->cancel, on_connected,
	    g);
	g_object_unref(addr);
	g->connect_timer = g_timeout_add_seconds(CONNECT_TIMEOUT_S,
	    on_connect_timeout, g);
	m = g_strdup_printf("Connecting to %s port %u%s\u2026", g->hostname,
	    g->portnum, g->tls ? " (secure connection)" : "");
	gui_set_text(g->wait_label, m);
	g_free(m);
	gui_notice(g, NULL, 0);
	gui_show(g, SCR_WAIT, "Connecting", NULL);
}
