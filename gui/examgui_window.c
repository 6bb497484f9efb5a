/* SPDX-License-Identifier: ISC */
/* examgui's window around the screens: its style, the seventh-user
 * banner and the notice above the screen shown, the stack of screens
 * (one per file, built here in order), the keys for the whole window,
 * and the widgets every screen is made of. */
#include <gtk/gtk.h>

#include "examgui.h"

/* The window grows with its content up to this height, then scrolls. */
#define MAX_CONTENT_HEIGHT	900

static const char *const screen_ids[SCR_COUNT] = {
	"connect", "wait", "username", "password", "newpass", "menu",
	"question", "score", "end",
};

/* What the server sent is shown as plain text (never markup); bytes that
 * are not UTF-8 are replaced so GTK accepts them. */
void
gui_set_text(GtkWidget *label, const char *s)
{
	char *v = g_utf8_make_valid(s, -1);

	gtk_label_set_text(GTK_LABEL(label), v);
	g_free(v);
}

void
gui_notice(struct gui *g, const char *text, int error)
{
	if (text == NULL || *text == '\0') {
		gtk_widget_set_visible(g->notice, FALSE);
		return;
	}
	gui_set_text(g->notice, text);
	if (error)
		gtk_widget_add_css_class(g->notice, "error");
	else
		gtk_widget_remove_css_class(g->notice, "error");
	gtk_widget_set_visible(g->notice, TRUE);
}

/* The session's connection, in words (a screen reader reads the label
 * as any other) and in colour: secure only when TLS verified. */
void
gui_security(struct gui *g)
{
	char *t;

	if (g->closing || g->security == NULL)
		return;
	gtk_widget_remove_css_class(g->security, "secure");
	gtk_widget_remove_css_class(g->security, "plain");
	if (g->io == NULL) {
		gtk_widget_set_visible(g->security, FALSE);
		return;
	}
	if (G_IS_TLS_CONNECTION(g->io))
		t = g_strdup_printf("Secure connection to %s: encrypted, its "
		    "certificate verified.", g->hostname);
	else
		t = g_strdup_printf("Plain-text connection to %s: not "
		    "encrypted. Others on this network can read what you "
		    "send, your password too.", g->hostname);
	gui_set_text(g->security, t);
	g_free(t);
	gtk_widget_add_css_class(g->security, G_IS_TLS_CONNECTION(g->io) ?
	    "secure" : "plain");
	gtk_widget_set_visible(g->security, TRUE);
}

void
gui_banner_show(struct gui *g, char *const *addrs, size_t n)
{
	GString *s = g_string_new(NULL);
	size_t i;

	for (i = 0; i < n; i++)
		g_string_append_printf(s, "%s%s", i ? "\n" : "", addrs[i]);
	gui_set_text(g->banner_addrs, s->str);
	g_string_free(s, TRUE);
	gtk_widget_set_visible(g->banner, TRUE);
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

/* The window title names the screen, so the window list (and a test) can
 * tell where the session is. */
void
gui_show(struct gui *g, enum screen s, const char *title, GtkWidget *focus)
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

void
gui_stop_timer(guint *id)
{
	if (*id != 0) {
		g_source_remove(*id);
		*id = 0;
	}
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
		connect_submit(g);
		break;
	case SCR_USERNAME:
	case SCR_PASSWORD:
	case SCR_NEWPASS:
		login_submit(g, w);
		break;
	case SCR_MENU:
		menu_submit(g);
		break;
	case SCR_QUESTION:
		question_submit(g);
		break;
	case SCR_SCORE:
	case SCR_END:
		gtk_window_close(g->win);
		break;
	default:
		break;
	}
}

static int
is_enter(guint keyval)
{
	return keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter ||
	    keyval == GDK_KEY_ISO_Enter;
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
	switch (g->screen) {
	case SCR_QUESTION:
		if (question_key(g, c))
			return TRUE;
		if (is_enter(keyval)) {
			question_submit(g);
			return TRUE;
		}
		break;
	case SCR_SCORE:
	case SCR_END:
		if (is_enter(keyval)) {
			gtk_window_close(g->win);
			return TRUE;
		}
		break;
	case SCR_MENU:
		return menu_key(g, c);
	default:
		break;
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
	conn_drop(g);
	return FALSE;
}

/* A label that wraps, so large text grows the window downwards rather
 * than cutting words off. */
GtkWidget *
gui_text_label(const char *s, const char *css)
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

GtkWidget *
gui_page(struct gui *g, enum screen s)
{
	GtkWidget *box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 12);

	gtk_stack_add_named(g->stack, box, screen_ids[s]);
	return box;
}

/* "_Label" names the field for Alt+letter and for screen readers. */
GtkWidget *
gui_field(struct gui *g, GtkWidget *box, const char *label, GtkWidget *entry)
{
	GtkWidget *l = gtk_label_new_with_mnemonic(label);

	gtk_label_set_xalign(GTK_LABEL(l), 0);
	gtk_label_set_mnemonic_widget(GTK_LABEL(l), entry);
	gtk_box_append(GTK_BOX(box), l);
	gtk_box_append(GTK_BOX(box), entry);
	g_signal_connect(entry, "activate", G_CALLBACK(on_submit), g);
	return entry;
}

GtkWidget *
gui_button(struct gui *g, GtkWidget *box, const char *label)
{
	GtkWidget *b = gtk_button_new_with_mnemonic(label);

	gtk_widget_set_halign(b, GTK_ALIGN_END);
	gtk_widget_add_css_class(b, "suggested-action");
	gtk_box_append(GTK_BOX(box), b);
	/* Not swapped: on_submit takes the widget first, g as its data, as
	 * from an entry's "activate". */
	g_signal_connect(b, "clicked", G_CALLBACK(on_submit), g);
	return b;
}

GtkWidget *
gui_password_entry(void)
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
    /* Dark text on light backgrounds: contrast above 7:1 for both. */
    ".security { padding: 6px 12px; border-radius: 6px; }\n"
    ".security.secure { background-color: #c6efd0; color: #0b3d1c; }\n"
    ".security.plain { background-color: #ffd8a8; color: #4a2400;"
    " font-weight: bold; }\n"
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

void
gui_build(struct gui *g)
{
	GtkWidget *outer, *content, *scroll;
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

	g->security = gui_text_label("", "security");
	gtk_widget_set_visible(g->security, FALSE);
	gtk_box_append(GTK_BOX(outer), g->security);

	g->banner = gtk_box_new(GTK_ORIENTATION_VERTICAL, 6);
	gtk_widget_add_css_class(g->banner, "seventh");
	gtk_box_append(GTK_BOX(g->banner), gui_text_label("Congratulations, "
	    "you are the seventh user!", "heading"));
	gtk_box_append(GTK_BOX(g->banner), gui_text_label("The seven "
	    "connections since the count began:", NULL));
	g->banner_addrs = gui_text_label("", "monospace");
	gtk_label_set_selectable(GTK_LABEL(g->banner_addrs), TRUE);
	gtk_box_append(GTK_BOX(g->banner), g->banner_addrs);
	gtk_widget_set_visible(g->banner, FALSE);
	gtk_box_append(GTK_BOX(outer), g->banner);

	g->notice = gui_text_label("", "notice");
	gtk_widget_set_visible(g->notice, FALSE);
	gtk_box_append(GTK_BOX(outer), g->notice);

	content = gtk_stack_new();
	g->stack = GTK_STACK(content);
	/* The height of the screen shown, not of the tallest one. */
	gtk_stack_set_vhomogeneous(g->stack, FALSE);
	gtk_box_append(GTK_BOX(outer), content);

	/* In the order of a session; the stack shows the first until
	 * gui_show. */
	connect_build(g);
	login_build(g);
	menu_build(g);
	question_build(g);
	end_build(g);

	keys = gtk_event_controller_key_new();
	gtk_event_controller_set_propagation_phase(keys, GTK_PHASE_CAPTURE);
	g_signal_connect(keys, "key-pressed", G_CALLBACK(on_key), g);
	gtk_widget_add_controller(GTK_WIDGET(g->win), keys);
	g_signal_connect(g->win, "close-request",
	    G_CALLBACK(on_close_request), g);
}
