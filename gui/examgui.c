/* SPDX-License-Identifier: ISC */
/* examgui [--tls] [--ca FILE] [HOST [PORT]]: a GTK 4 window for the exam
 * service. It shows
 * one screen at a time (connect, username, password, new password, the
 * menu of exams, each question, the score, the goodbye of a session that
 * ends without one) and speaks the conversation of SPEC section 2 through
 * examproto, which turns what the server sends into events; examgui's
 * files only map those events to widgets and the widgets' input back to
 * lines (examgui.h lists them). This file holds main: the arguments, the
 * application, and the cleanup when the window has gone. Exit status: 0;
 * 1 when GTK cannot open a display; 2 for wrong arguments. */
#include <gtk/gtk.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "examgui.h"

#define DEFAULT_HOST		"localhost"
#define DEFAULT_PORT		9000
#define DEFAULT_TLS_PORT	9443
#define USAGE	"usage: examgui [--tls] [--ca FILE] [HOST [PORT]]\n"

static void
on_activate(GApplication *app, gpointer data)
{
	struct gui *g = data;
	char port[8];

	if (g->win != NULL) {
		gtk_window_present(g->win);
		return;
	}
	gui_build(g);
	gtk_editable_set_text(GTK_EDITABLE(g->host), g->hostname);
	/* The port's default for the secure choice (on for 9443), unless
	 * --tls chose it. */
	if (g->tls)
		connect_choose_secure(g);
	snprintf(port, sizeof port, "%u", g->portnum);
	gtk_editable_set_text(GTK_EDITABLE(g->port), port);
	gui_show(g, SCR_CONNECT, "Connect", g->host);
	gtk_window_present(g->win);
	if (g->autoconnect)
		connect_submit(g);
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
	fputs(USAGE, stderr);
	return 2;
}

int
main(int argc, char **argv)
{
	struct gui g;
	char *end;
	const char *ca = NULL;
	char *prog[2] = { NULL, NULL };
	long p;
	int rc, late = 0, i;
	guint t;

	memset(&g, 0, sizeof g);
	if (argc > 1 && (strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "--help") == 0)) {
		fputs(USAGE, stdout);
		return 0;
	}
	if (argc == 2 && strcmp(argv[1], "--version") == 0) {
		printf("examgui %s\n", VERSION);
		return fflush(stdout) == 0 ? 0 : 1;
	}
	/* The options as examclient's: --tls, and --ca FILE (which asks
	 * for TLS too). */
	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "--tls") == 0) {
			g.tls = 1;
		} else if (strcmp(argv[i], "--ca") == 0 && i + 1 < argc) {
			ca = argv[++i];
			g.tls = 1;
		} else {
			return usage();
		}
	}
	prog[0] = argv[0];
	argc -= i - 1;
	argv += i - 1;
	if (argc > 3)
		return usage();
	p = g.tls ? DEFAULT_TLS_PORT : DEFAULT_PORT;
	if (argc > 2) {
		p = strtol(argv[2], &end, 10);
		if (end == argv[2] || *end != '\0' || p < 1 || p > 65535) {
			fprintf(stderr, "examgui: the port is a number from 1 "
			    "to 65535: %s\n", argv[2]);
			return 2;
		}
	}
	if (ca != NULL && tls_load_ca(&g, ca) == -1)
		return 2;
	g.hostname = g_strdup(argc > 1 ? argv[1] : DEFAULT_HOST);
	g.portnum = (guint16)p;
	g.wq = g_string_new(NULL);
	g.client = g_socket_client_new();
	/* Every student in a lab runs their own window: no single instance. */
	g.app = gtk_application_new(NULL, G_APPLICATION_NON_UNIQUE);
	g.autoconnect = argc > 2;
	g_signal_connect(g.app, "activate", G_CALLBACK(on_activate), &g);
	rc = g_application_run(G_APPLICATION(g.app), 1, prog);

	/* Let the cancelled calls come back (at most a second) so nothing
	 * they hold is left behind. The window is gone. */
	g.closing = 1;
	conn_drop(&g);
	t = g_timeout_add(1000, give_up, &late);
	while (g.pending > 0 && !late)
		g_main_context_iteration(NULL, TRUE);
	if (!late)
		g_source_remove(t);
	g_object_unref(g.app);
	g_object_unref(g.client);
	g_clear_object(&g.ca);
	g_string_free(g.wq, TRUE);
	g_free(g.wbuf);
	g_free(g.hostname);
	g_free(g.last_line);
	return rc;
}
