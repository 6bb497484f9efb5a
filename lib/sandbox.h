/* SPDX-License-Identifier: ISC */
/* The seccomp filter examd and the FastCGI programs put on themselves once
 * they are set up (options read, log, certificate and templates loaded,
 * libpq loaded): an allow-list of the system calls SQLite, libpq, GnuTLS,
 * syslog and the programs themselves make while they serve, found by
 * tracing the test suite. Any other call ends the process at once
 * (SECCOMP_RET_KILL_PROCESS, logged by the kernel's audit, and seen by
 * xinetd or lighttpd as a death by SIGSYS): no program started, no
 * process forked or traced, no socket listened on, no file's owner, mode
 * or name changed. One filter, written once, for every program: its
 * list is in lib/sandbox_gen.c, which builds it with libseccomp at build
 * time into one BPF program per combination of the flags below; at run
 * time sandbox_enter only loads the one for its flags (no libseccomp in
 * the programs, nothing compiled at each start). */
#ifndef SANDBOX_H
#define SANDBOX_H

#include <stddef.h>

enum {
	/* Sockets to another host: libpq's connection to PostgreSQL. */
	SANDBOX_NET = 1 << 0,
	/* accept(2) on a listening socket: the FastCGI programs' fd 0. */
	SANDBOX_ACCEPT = 1 << 1
};

/* Puts the filter on the calling process (and any thread it starts).
 * Returns 0, or -1 with the reason in why. Built without it (SANDBOX=no,
 * as the sanitizer build is: AddressSanitizer's leak check stops the
 * world with clone and ptrace at exit), it does nothing and returns 0;
 * sandbox_built() says which. */
int sandbox_enter(unsigned flags, char *why, size_t whylen);
int sandbox_built(void);

#endif
