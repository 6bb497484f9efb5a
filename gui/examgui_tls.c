/* SPDX-License-Identifier: ISC */
/* examgui's secure connection (SPEC 5): GIO's TLS (glib-networking's
 * GnuTLS backend) over the TCP connection examgui_connect.c made. The
 * chain is verified against --ca FILE, or the system's store without it,
 * and the certificate must name the host as the user typed it (a name or
 * an IP address). GIO refuses a certificate that does not verify; the
 * accept-certificate signal only records why, so the connect screen can
 * say it, and never accepts one. */
#include <gtk/gtk.h>

#include <stdio.h>

#include "examgui.h"

int
tls_load_ca(struct gui *g, const char *file)
{
	GError *err = NULL;

	g->ca = g_tls_file_database_new(file, &err);
	if (g->ca == NULL) {
		fprintf(stderr, "examgui: cannot read the CA certificates of "
		    "%s: %s\n", file, err->message);
		g_error_free(err);
		return -1;
	}
	return 0;
}

/* Called only when the certificate failed GIO's checks: it stays
 * refused. */
static gboolean
on_accept(GTlsConnection *c, GTlsCertificate *cert,
    GTlsCertificateFlags errors, gpointer data)
{
	struct gui *g = data;

	(void)c;
	(void)cert;
	g->tls_errors = errors;
	return FALSE;
}

/* Why the certificate was refused, the most basic reason first. */
static const char *
refusal(GTlsCertificateFlags f)
{
	if (f & G_TLS_CERTIFICATE_UNKNOWN_CA)
		return "is not signed by a trusted certificate authority";
	if (f & G_TLS_CERTIFICATE_BAD_IDENTITY)
		return "was issued for another name";
	if (f & G_TLS_CERTIFICATE_EXPIRED)
		return "has expired";
	if (f & G_TLS_CERTIFICATE_NOT_ACTIVATED)
		return "is not valid yet";
	if (f & G_TLS_CERTIFICATE_REVOKED)
		return "has been revoked";
	if (f & G_TLS_CERTIFICATE_INSECURE)
		return "uses an insecure algorithm";
	return "does not verify";
}

static void
on_handshake(GObject *src, GAsyncResult *res, gpointer data)
{
	struct gui *g = data;
	GError *err = NULL;
	GIOStream *base = NULL;
	gboolean ok;
	char *m;

	ok = g_tls_connection_handshake_finish(G_TLS_CONNECTION(src), res,
	    &err);
	g->pending--;
	g_object_get(src, "base-io-stream", &base, NULL);
	if (g->closing || g->conn == NULL || base != G_IO_STREAM(g->conn) ||
	    (err != NULL && g_error_matches(err, G_IO_ERROR,
	    G_IO_ERROR_CANCELLED))) {
		/* A connection dropped meanwhile. */
		g_clear_object(&base);
		g_clear_error(&err);
		g_object_unref(src);
		return;
	}
	g_clear_object(&base);
	if (!ok) {
		if (g->tls_errors != 0)
			m = g_strdup_printf("Not connected to %s port %u: "
			    "its certificate %s, so it may not be the exam "
			    "server.", g->hostname, g->portnum,
			    refusal(g->tls_errors));
		else
			m = g_strdup_printf("Cannot make a secure connection "
			    "to %s port %u: %s", g->hostname, g->portnum,
			    err->message);
		g_error_free(err);
		g_object_unref(src);
		conn_lost(g, m);
		g_free(m);
		return;
	}
	gui_stop_timer(&g->connect_timer);
	gui_set_text(g->wait_label, "Connected securely. Waiting for the "
	    "server\u2026");
	conn_begin(g, G_IO_STREAM(src));
}

void
tls_begin(struct gui *g)
{
	GSocketConnectable *id;
	GIOStream *t;
	GError *err = NULL;
	char *m;

	/* The identity is the name as typed: the certificate must be for
	 * it, whatever address it resolved to. */
	id = g_network_address_new(g->hostname, g->portnum);
	t = g_tls_client_connection_new(G_IO_STREAM(g->conn), id, &err);
	g_object_unref(id);
	if (t == NULL) {
		m = g_strdup_printf("Cannot make a secure connection to %s "
		    "port %u: %s", g->hostname, g->portnum, err->message);
		g_error_free(err);
		conn_lost(g, m);
		g_free(m);
		return;
	}
	if (g->ca != NULL)
		g_tls_connection_set_database(G_TLS_CONNECTION(t), g->ca);
	g->tls_errors = 0;
	g_signal_connect(t, "accept-certificate", G_CALLBACK(on_accept), g);
	g->pending++;
	g_tls_connection_handshake_async(G_TLS_CONNECTION(t),
	    G_PRIORITY_DEFAULT, g->cancel, on_handshake, g);
}
