/* SPDX-License-Identifier: ISC */
/* What examgui's files share: the window and session state (struct gui),
 * the screens, and each file's functions. Private to examgui: only its
 * own files include it, and only they are compiled with GTK's flags.
 *
 * - examgui.c: main (the arguments, the application, the cleanup);
 * - examgui_window.c: the window around the screens (style, banner,
 *   notice, showing a screen, the keys, the widgets screens are made of);
 * - examgui_conn.c: the connection (reads into examproto, its events to
 *   the screens, queued writes, dropping it);
 * - examgui_tls.c: the TLS handshake of a secure connection and its
 *   verdict on the server's certificate;
 * - one file per screen: examgui_connect.c (connect, and the wait while
 *   connecting), examgui_login.c (username, password, new password),
 *   examgui_menu.c (the menu of exams), examgui_question.c (a question
 *   and the time left), examgui_end.c (the score, or the goodbye without
 *   one). */
#ifndef EXAMGUI_H
#define EXAMGUI_H

#include <gtk/gtk.h>

#include "examproto.h"

#define READ_SIZE		4096

enum screen {
	SCR_CONNECT, SCR_WAIT, SCR_USERNAME, SCR_PASSWORD, SCR_NEWPASS,
	SCR_MENU, SCR_QUESTION, SCR_SCORE, SCR_END, SCR_COUNT
};

struct gui {
	GtkApplication	*app;
	GtkWindow	*win;
	GtkStack	*stack;
	enum screen	 screen;
	GtkWidget	*banner, *banner_addrs;
	GtkWidget	*notice;
	GtkWidget	*scroll, *outer;
	GtkWidget	*security;	/* secure or plain, during a session */
	/* connect */
	GtkWidget	*host, *port, *secure, *connect_btn;
	int		 secure_chosen;	/* the choice is the user's, not the
					 * port's default */
	int		 secure_setting;	/* examgui sets it, not the user */
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
	GSocketConnection *conn;	/* the TCP connection */
	GIOStream	*io;		/* what the session reads and writes:
					 * conn, or the TLS connection over it */
	int		 tls;		/* this session asks for TLS */
	GTlsDatabase	*ca;		/* --ca FILE, or NULL: the system's */
	GTlsCertificateFlags tls_errors;	/* why the certificate failed */
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

/* examgui_window.c */

/* Builds the window, its style and every screen (hidden) into g. */
void		 gui_build(struct gui *g);
/* Shows screen s titled "Exam — TITLE", ready for input, and focuses
 * focus (when not NULL). */
void		 gui_show(struct gui *g, enum screen s, const char *title,
		    GtkWidget *focus);
/* Shows text above the screen (in the error colour when error), or
 * hides it when text is NULL or empty. */
void		 gui_notice(struct gui *g, const char *text, int error);
/* Shows the seventh-user banner with its n addresses. */
void		 gui_banner_show(struct gui *g, char *const *addrs, size_t n);
/* Sets label's text to s as plain text, made valid UTF-8. */
void		 gui_set_text(GtkWidget *label, const char *s);
/* Returns a new wrapping label of text s with CSS class css (or none). */
GtkWidget	*gui_text_label(const char *s, const char *css);
/* Returns the new, empty box of screen s, added to the window. */
GtkWidget	*gui_page(struct gui *g, enum screen s);
/* Adds entry under a mnemonic label ("_Label") to box; Enter in it
 * submits the screen. Returns entry. */
GtkWidget	*gui_field(struct gui *g, GtkWidget *box, const char *label,
		    GtkWidget *entry);
/* Adds the screen's button, which submits it, to box and returns it. */
GtkWidget	*gui_button(struct gui *g, GtkWidget *box, const char *label);
/* Returns a new password entry with its peek icon. */
GtkWidget	*gui_password_entry(void);
/* Removes the timeout or idle source *id, if any, and zeroes it. */
void		 gui_stop_timer(guint *id);
/* Shows whether the session's connection is secure (verified TLS) or
 * plain text; hides the line when there is no session. */
void		 gui_security(struct gui *g);

/* examgui_conn.c */

/* Takes io (owned by g from now on, over g->conn) as the session's
 * stream: the server's output goes through examproto to the screens. */
void		 conn_begin(struct gui *g, GIOStream *io);
/* Ends the connection at once, whatever is in flight. */
void		 conn_drop(struct gui *g);
/* Ends the connection and goes back to the connect screen saying why
 * (also on stderr). */
void		 conn_lost(struct gui *g, const char *why);
/* Sends the line s (CRLF added); lines queue behind a write in flight. */
void		 conn_send_line(struct gui *g, const char *s);
/* Sends s as what the user gave on this screen, which stays greyed out
 * until the server's next prompt. */
void		 conn_submit(struct gui *g, const char *s);
/* Overwrites and frees s, a copy of a password (NULL is allowed). */
void		 conn_wipe_free(char *s);

/* examgui_connect.c */

/* Builds the connect and wait screens. */
void		 connect_build(struct gui *g);
/* Connects to the server named on the connect screen, if it is valid. */
void		 connect_submit(struct gui *g);
/* Turns the "secure connection" choice on as the user's own (--tls):
 * changing the port no longer changes it. */
void		 connect_choose_secure(struct gui *g);

/* examgui_tls.c */

/* Loads the CA certificates of file into g->ca. Returns 0, or -1 after
 * saying why on stderr. */
int		 tls_load_ca(struct gui *g, const char *file);
/* Starts the TLS handshake over g->conn for g->hostname, verifying the
 * chain (against g->ca or the system's store) and the host name; the
 * session begins when it verifies, else the connect screen says why. */
void		 tls_begin(struct gui *g);

/* examgui_login.c */

/* Builds the username, password and new password screens. */
void		 login_build(struct gui *g);
/* Asks for a username. */
void		 login_ask_username(struct gui *g);
/* Asks an existing user's password. */
void		 login_ask_password(struct gui *g);
/* Asks a new user (name, or NULL for the one typed) for a password
 * twice. */
void		 login_ask_new_password(struct gui *g, const char *name);
/* Sends the repeated new password given with the first, or asks for it. */
void		 login_ask_repeat(struct gui *g);
/* Submits the username, password or new password screen; w is the
 * widget Enter was pressed in (or the button). */
void		 login_submit(struct gui *g, GtkWidget *w);

/* examgui_menu.c */

/* Builds the menu screen. */
void		 menu_build(struct gui *g);
/* Shows the menu of the n exams items, the first one selected. */
void		 menu_show(struct gui *g, char *const *items, size_t n);
/* Submits the selected exam. */
void		 menu_submit(struct gui *g);
/* Selects the exam of digit c; FALSE when there is none. */
gboolean	 menu_key(struct gui *g, guint32 c);

/* examgui_question.c */

/* Builds the question screen. */
void		 question_build(struct gui *g);
/* Shows question q. */
void		 question_show(struct gui *g, const struct xp_question *q);
/* Starts the time left of an exam of the given minutes. */
void		 question_time_limit(struct gui *g, int minutes);
/* Submits the chosen answer. */
void		 question_submit(struct gui *g);
/* Picks the choice of letter c; FALSE when c is no choice's letter. */
gboolean	 question_key(struct gui *g, guint32 c);

/* examgui_end.c */

/* Builds the score and goodbye screens. */
void		 end_build(struct gui *g);
/* Clears what a previous session left on the score screen. */
void		 end_clear(struct gui *g);
/* Says that the time is up (text), on the score screen to come too. */
void		 end_time_up(struct gui *g, const char *text);
/* Shows the score: right of total, percent as the server gave it. */
void		 end_score(struct gui *g, int right, int total, int percent);
/* The server's goodbye (text): under the score, or a screen of its own
 * when there is none. */
void		 end_goodbye(struct gui *g, const char *text);

#endif
