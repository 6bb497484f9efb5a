/* SPDX-License-Identifier: ISC */
/* examgui's question screen: the question, its choices as radio buttons
 * (a letter key picks one, Enter answers), and the time left when the
 * exam has a limit. The server keeps the time and ends the exam; the
 * count here only shows it. */
#include <gtk/gtk.h>

#include "examgui.h"

void
question_build(struct gui *g)
{
	GtkWidget *box;

	box = gui_page(g, SCR_QUESTION);
	g->q_number = gui_text_label("", "qnumber");
	gtk_box_append(GTK_BOX(box), g->q_number);
	g->q_time = gui_text_label("", "qnumber");
	gtk_box_append(GTK_BOX(box), g->q_time);
	g->q_text = gui_text_label("", "question");
	gtk_box_append(GTK_BOX(box), g->q_text);
	g->q_choices = gtk_box_new(GTK_ORIENTATION_VERTICAL, 6);
	gtk_box_append(GTK_BOX(box), g->q_choices);
	gtk_box_append(GTK_BOX(box), gui_text_label("Press a choice's letter, "
	    "then Enter.", "dim-label"));
	gui_button(g, box, "_Answer");
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
	gui_set_text(g->q_time, t);
	g_free(t);
	return G_SOURCE_CONTINUE;
}

void
question_time_limit(struct gui *g, int minutes)
{
	g->deadline = g_get_monotonic_time() +
	    (gint64)minutes * 60 * G_USEC_PER_SEC;
	gui_stop_timer(&g->tick);
	g->tick = g_timeout_add_seconds(1, on_tick, g);
}

void
question_show(struct gui *g, const struct xp_question *q)
{
	GtkWidget *child;
	char *t;
	int i;

	while ((child = gtk_widget_get_first_child(g->q_choices)) != NULL)
		gtk_box_remove(GTK_BOX(g->q_choices), child);
	t = g_strdup_printf("Question %d of %d", q->number, q->total);
	gui_set_text(g->q_number, t);
	gui_set_text(g->q_text, q->text ? q->text : "");
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
	gui_show(g, SCR_QUESTION, t, g->nchoices > 0 ? g->choice[0] : NULL);
	g_free(t);
}

void
question_submit(struct gui *g)
{
	char a[2] = { 0, 0 };
	int i;

	for (i = 0; i < g->nchoices; i++)
		if (gtk_check_button_get_active(GTK_CHECK_BUTTON(g->choice[i])))
			a[0] = (char)('a' + i);
	if (a[0] == 0) {
		gui_notice(g, "Choose an answer first (press its letter, or "
		    "click it).", 1);
		return;
	}
	conn_submit(g, a);
}

gboolean
question_key(struct gui *g, guint32 c)
{
	if (c < 'a' || c >= 'a' + (guint32)g->nchoices)
		return FALSE;
	gtk_check_button_set_active(GTK_CHECK_BUTTON(g->choice[c - 'a']),
	    TRUE);
	gtk_widget_grab_focus(g->choice[c - 'a']);
	return TRUE;
}
