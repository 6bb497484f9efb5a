/* SPDX-License-Identifier: ISC */
/* examgui's last screens: the score (with "Time is up." when the limit
 * ended the exam, and the server's goodbye under it), or, when the
 * session ends without an exam, the goodbye alone. Either closes with
 * Enter. */
#include <gtk/gtk.h>

#include "examgui.h"

void
end_build(struct gui *g)
{
	GtkWidget *box;

	box = gui_page(g, SCR_SCORE);
	g->score = gui_text_label("", "score");
	gtk_box_append(GTK_BOX(box), g->score);
	g->score_pct = gui_text_label("", "score");
	gtk_box_append(GTK_BOX(box), g->score_pct);
	g->score_note = gui_text_label("", NULL);
	gtk_box_append(GTK_BOX(box), g->score_note);
	g->score_bye = gui_text_label("", NULL);
	gtk_box_append(GTK_BOX(box), g->score_bye);
	g->close_btn = gui_button(g, box, "_Close");

	box = gui_page(g, SCR_END);
	g->end_text = gui_text_label("", "heading");
	gtk_box_append(GTK_BOX(box), g->end_text);
	g->end_btn = gui_button(g, box, "_Close");
}

void
end_clear(struct gui *g)
{
	gtk_widget_remove_css_class(g->score_note, "timeup");
	gui_set_text(g->score_note, "");
	gui_set_text(g->score_bye, "");
}

/* The server sends the score after "Time is up.": the note waits on the
 * score screen, in the error colour, and is shown above the question
 * meanwhile. */
void
end_time_up(struct gui *g, const char *text)
{
	gui_stop_timer(&g->tick);
	gui_set_text(g->score_note, text);
	gtk_widget_add_css_class(g->score_note, "timeup");
	gui_notice(g, text, 1);
}

void
end_score(struct gui *g, int right, int total, int percent)
{
	char *t;

	gui_stop_timer(&g->tick);
	t = g_strdup_printf("Your score: %d/%d", right, total);
	gui_set_text(g->score, t);
	g_free(t);
	t = g_strdup_printf("%d%%", percent);
	gui_set_text(g->score_pct, t);
	g_free(t);
	g->scored = 1;
	gui_notice(g, NULL, 0);
	gui_show(g, SCR_SCORE, "Score", g->close_btn);
}

void
end_goodbye(struct gui *g, const char *text)
{
	g->ended = 1;
	gui_stop_timer(&g->tick);
	if (!g->scored) {
		/* No exam left to take: the reason stays shown above. */
		gui_set_text(g->end_text, text);
		gui_show(g, SCR_END, "Goodbye", g->end_btn);
	} else {
		gui_set_text(g->score_bye, text);
	}
}
