/* SPDX-License-Identifier: ISC */
/* examgui's menu of exams: a list the arrow keys move through, a digit
 * picks its exam, Enter or a double click starts the one selected; the
 * server is sent its number, as a terminal user would type it. */
#include <gtk/gtk.h>

#include <stdio.h>

#include "examgui.h"

static void
submit_row(struct gui *g, GtkListBoxRow *row)
{
	char num[24];

	if (row == NULL)
		row = gtk_list_box_get_selected_row(GTK_LIST_BOX(g->menu));
	if (row == NULL) {
		gui_notice(g, "Choose an exam from the list.", 1);
		return;
	}
	snprintf(num, sizeof num, "%d", gtk_list_box_row_get_index(row) + 1);
	conn_submit(g, num);
}

static void
on_row_activated(GtkListBox *box, GtkListBoxRow *row, gpointer data)
{
	struct gui *g = data;

	if (!g->busy)
		submit_row(g, row);
}

void
menu_build(struct gui *g)
{
	GtkWidget *box;

	box = gui_page(g, SCR_MENU);
	gtk_box_append(GTK_BOX(box), gui_text_label("Choose an exam:",
	    "heading"));
	g->menu = gtk_list_box_new();
	gtk_list_box_set_selection_mode(GTK_LIST_BOX(g->menu),
	    GTK_SELECTION_BROWSE);
	gtk_widget_add_css_class(g->menu, "boxed-list");
	g_signal_connect(g->menu, "row-activated",
	    G_CALLBACK(on_row_activated), g);
	gtk_box_append(GTK_BOX(box), g->menu);
	gui_button(g, box, "_Start");
}

void
menu_show(struct gui *g, char *const *items, size_t n)
{
	GtkWidget *row;
	size_t i;

	while ((row = gtk_widget_get_first_child(g->menu)) != NULL)
		gtk_list_box_remove(GTK_LIST_BOX(g->menu), row);
	for (i = 0; i < n; i++) {
		char *t = g_strdup_printf("%zu) %s", i + 1, items[i]);
		GtkWidget *l = gtk_label_new(NULL);

		gui_set_text(l, t);
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
	gui_show(g, SCR_MENU, "Choose an exam", row);
}

void
menu_submit(struct gui *g)
{
	submit_row(g, NULL);
}

/* A digit selects and focuses its exam without starting it: Enter then
 * starts it, so a mistyped digit costs nothing. */
gboolean
menu_key(struct gui *g, guint32 c)
{
	GtkListBoxRow *row;

	if (c < '1' || c > '9' || c - '0' > g->nitems)
		return FALSE;
	row = gtk_list_box_get_row_at_index(GTK_LIST_BOX(g->menu),
	    (int)(c - '1'));
	gtk_list_box_select_row(GTK_LIST_BOX(g->menu), row);
	gtk_widget_grab_focus(GTK_WIDGET(row));
	return TRUE;
}
