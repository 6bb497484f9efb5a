/* SPDX-License-Identifier: ISC */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "log.h"

/* The log file, or -1 for syslog. */
static int log_fd = -1;

void
exam_log_init(void)
{
	/* Never LOG_PERROR or LOG_CONS: fd 2 is the client. */
	openlog("examd", LOG_PID | LOG_NDELAY, LOG_DAEMON);
}

int
exam_log_to_file(const char *path)
{
	int fd;

	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOCTTY,
	    0644);
	if (fd < 0)
		return -1;
	if (log_fd >= 0)
		close(log_fd);
	log_fd = fd;
	return 0;
}

static const char *
level_name(int prio)
{
	switch (prio & LOG_PRIMASK) {
	case LOG_EMERG:
	case LOG_ALERT:
	case LOG_CRIT:
	case LOG_ERR:
		return "error";
	case LOG_WARNING:
		return "warning";
	case LOG_NOTICE:
		return "notice";
	case LOG_INFO:
		return "info";
	default:
		return "debug";
	}
}

void
exam_log(int prio, const char *fmt, ...)
{
	char line[1024], stamp[32];
	struct tm tm;
	time_t now;
	va_list ap;
	int n, m, saved = errno;

	va_start(ap, fmt);
	if (log_fd < 0) {
		vsyslog(prio, fmt, ap);
		va_end(ap);
		errno = saved;
		return;
	}
	now = time(NULL);
	if (gmtime_r(&now, &tm) == NULL ||
	    strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		strcpy(stamp, "-");
	n = snprintf(line, sizeof line, "%s examd[%ld]: %s: ", stamp,
	    (long)getpid(), level_name(prio));
	if (n < 0 || (size_t)n >= sizeof line)
		n = 0;
	m = vsnprintf(line + n, sizeof line - (size_t)n, fmt, ap);
	va_end(ap);
	if (m < 0)
		m = 0;
	n = (size_t)n + (size_t)m >= sizeof line - 1 ? (int)sizeof line - 2 :
	    n + m;
	line[n++] = '\n';
	/* One write with O_APPEND: lines of concurrent sessions do not mix. */
	(void)!write(log_fd, line, (size_t)n);
	errno = saved;
}

void
exam_log_close(void)
{
	if (log_fd >= 0) {
		close(log_fd);
		log_fd = -1;
	}
	closelog();
}
