/* SPDX-License-Identifier: ISC */
/* examgui's login screens: the username, an existing user's password, and
 * a new user's password typed twice. The copies of a password made to
 * send it are overwritten before they are freed. */
#include <gtk/gtk.h>

#include <stdlib.h>
#include <string.h>

#include "examgui.h"

void
login_build(struct gui *g)
{
	GtkWidget *box;

	box = gui_page(g, SCR_USERNAME);
	gtk_box_append(GTK_BOX(box), gui_text_label("Log in, or pick a new "
	    "name to register.", "heading"));
	g->user = gui_field(g, box, "_Username", gtk_entry_new());
	gtk_entry_set_max_length(GTK_ENTRY(g->user), 32);
	gui_button(g, box, "C_ontinue");

	box = gui_page(g, SCR_PASSWORD);
	g->pw_label = gui_text_label("", "heading");
	gtk_box_append(GTK_BOX(box), g->pw_label);
	g->pw = gui_field(g, box, "_Password", gui_password_entry());
	gui_button(g, box, "_Log in");

	box = gui_page(g, SCR_NEWPASS);
	g->np_label = gui_text_label("", "heading");
	gtk_box_append(GTK_BOX(box), g->np_label);
	g->np1 = gui_field(g, box, "_Password", gui_password_entry());
	g->np2 = gui_field(g, box, "_Repeat password", gui_password_entry());
	gui_button(g, box, "_Register");
}

void
login_ask_username(struct gui *g)
{
	gtk_editable_set_text(GTK_EDITABLE(g->user), "");
	gui_show(g, SCR_USERNAME, "Username", g->user);
}

void
login_ask_password(struct gui *g)
{
	char *t;

	t = g_strdup_printf("Password for %s:", g->username);
	gui_set_text(g->pw_label, t);
	g_free(t);
	gtk_editable_set_text(GTK_EDITABLE(g->pw), "");
	gui_show(g, SCR_PASSWORD, "Password", g->pw);
}

void
login_ask_new_password(struct gui *g, const char *name)
{
	char *t;

	t = g_strdup_printf("New user %s. Choose a password and type it "
	    "again:", name ? name : g->username);
	gui_set_text(g->np_label, t);
	g_free(t);
	gtk_editable_set_text(GTK_EDITABLE(g->np1), "");
	gtk_editable_set_text(GTK_EDITABLE(g->np2), "");
	gui_show(g, SCR_NEWPASS, "New password", g->np1);
}

/* Both passwords are typed on one screen; the server asks for the second
 * after the first, so it waits in g->repeat until then. */
void
login_ask_repeat(struct gui *g)
{
	if (g->repeat != NULL) {
		conn_send_line(g, g->repeat);
		conn_wipe_free(g->repeat);
		g->repeat = NULL;
	} else {
		gui_set_text(g->pw_label, "Repeat the password:");
		gtk_editable_set_text(GTK_EDITABLE(g->pw), "");
		gui_show(g, SCR_PASSWORD, "Password", g->pw);
	}
}

static void
submit_username(struct gui *g)
{
	const char *u = gtk_editable_get_text(GTK_EDITABLE(g->user));

	g_strlcpy(g->username, u, sizeof g->username);
	g_strstrip(g->username);
	conn_submit(g, u);
}

static void
submit_password(struct gui *g)
{
	char *pw;

	/* An empty password can only be wrong: Enter pressed too early
	 * does not cost one of the three attempts. */
	if (*gtk_editable_get_text(GTK_EDITABLE(g->pw)) == '\0') {
		gui_notice(g, "Type the password, then press Enter.", 1);
		return;
	}
	pw = g_strdup(gtk_editable_get_text(GTK_EDITABLE(g->pw)));

	conn_submit(g, pw);
	gtk_editable_set_text(GTK_EDITABLE(g->pw), "");
	explicit_bzero(pw, strlen(pw));
	g_free(pw);
}

static void
submit_newpass(struct gui *g)
{
	char *pw;

	if (*gtk_editable_get_text(GTK_EDITABLE(g->np1)) == '\0') {
		gui_notice(g, "Choose a password, then type it again below.",
		    1);
		gtk_widget_grab_focus(g->np1);
		return;
	}
	if (*gtk_editable_get_text(GTK_EDITABLE(g->np2)) == '\0') {
		gui_notice(g, "Type the password again.", 1);
		gtk_widget_grab_focus(g->np2);
		return;
	}
	pw = g_strdup(gtk_editable_get_text(GTK_EDITABLE(g->np1)));

	conn_wipe_free(g->repeat);
	g->repeat = strdup(gtk_editable_get_text(GTK_EDITABLE(g->np2)));
	conn_submit(g, pw);
	gtk_editable_set_text(GTK_EDITABLE(g->np1), "");
	gtk_editable_set_text(GTK_EDITABLE(g->np2), "");
	explicit_bzero(pw, strlen(pw));
	g_free(pw);
}

/* Enter in the first new password moves to the second rather than
 * sending one the user has not repeated yet. */
void
login_submit(struct gui *g, GtkWidget *w)
{
	switch (g->screen) {
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
	default:
		break;
	}
}
