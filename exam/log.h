/* SPDX-License-Identifier: ISC */
/* examd's diagnostics. They go to syslog(3) (facility daemon) unless a
 * log file was given (examd --log FILE), so that a machine without a
 * syslog daemon, or `make run`, still sees them. Never to fd 2: under
 * xinetd it is the client's socket. */
#ifndef EXAM_LOG_H
#define EXAM_LOG_H

#include <syslog.h>

/* Opens the syslog connection as "examd"; call once at start. */
void exam_log_init(void);

/* From now on appends each message to the file at path (created 0644 if
 * missing) instead of syslog. Returns 0, or -1 with errno set, in which
 * case syslog stays in use. */
int exam_log_to_file(const char *path);

/* Logs one message of priority prio (LOG_ERR, LOG_INFO...). A message
 * to the file is one line, written at once: "TIME examd[PID]: LEVEL:
 * TEXT". */
void exam_log(int prio, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Closes the file or the syslog connection. */
void exam_log_close(void);

#endif
