/* SPDX-License-Identifier: ISC */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "sandbox.h"

#ifdef SANDBOX_OFF

int
sandbox_built(void)
{
	return 0;
}

int
sandbox_enter(unsigned flags, char *why, size_t whylen)
{
	(void)flags;
	(void)why;
	(void)whylen;
	return 0;
}

#else

#include <fcntl.h>
#include <seccomp.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <termios.h>

/*
 * What a process that is set up still calls, by name (a name this
 * architecture lacks is skipped). Traced over the stories (strace -f -c
 * of examd under xinetd and of the pages under lighttpd, on SQLite and
 * PostgreSQL, plain and TLS). Left out on purpose: execve and execveat,
 * fork, vfork, clone and clone3, ptrace and process_vm_*, bind, listen,
 * chmod, chown, link, symlink, rename, mkdir, setuid and the rest of the
 * credentials, mount, and every call that needs a privilege.
 */
static const char *const allowed[] = {
	/* descriptors, files (SQLite: its journals, -wal and -shm, a
	 * database replaced under the pages) */
	"read", "write", "readv", "writev", "pread64", "pwrite64", "lseek",
	"close", "open", "openat", "stat", "fstat", "lstat", "newfstatat",
	"statx", "fcntl", "flock", "ftruncate", "fallocate", "fsync",
	"fdatasync", "unlink", "unlinkat", "access", "faccessat",
	"faccessat2", "readlink", "readlinkat", "getcwd", "dup", "dup2",
	"dup3", "getdents64",
	/* memory (SQLite maps -shm; libpq's resolver may load an NSS
	 * module) */
	"mmap", "munmap", "mremap", "mprotect", "madvise", "brk",
	/* waiting, time */
	"poll", "ppoll", "select", "pselect6", "nanosleep",
	"clock_nanosleep", "clock_gettime", "clock_getres",
	"gettimeofday", "time", "sched_yield", "futex",
	/* sockets already open or made below (syslog's /dev/log, libpq) */
	"recvfrom", "sendto", "recvmsg", "sendmsg", "connect",
	"getsockopt", "setsockopt", "getsockname", "getpeername",
	"shutdown",
	/* signals, the process itself */
	"rt_sigaction", "rt_sigprocmask", "rt_sigreturn", "sigaltstack",
	"getpid", "gettid", "getuid", "geteuid", "getgid", "getegid",
	"getrandom", "uname", "prlimit64", "getrlimit", "sysinfo",
	"exit", "exit_group",
};

/* rule NAME [ARGUMENT CHECK]: allows the call, when this architecture
 * has it. */
static int
allow(scmp_filter_ctx ctx, const char *name, unsigned n,
    const struct scmp_arg_cmp *cmp)
{
	int nr = seccomp_syscall_resolve_name(name);

	if (nr == __NR_SCMP_ERROR)
		return 0;
	return seccomp_rule_add_array(ctx, SCMP_ACT_ALLOW, nr, n, cmp);
}

int
sandbox_built(void)
{
	return 1;
}

int
sandbox_enter(unsigned flags, char *why, size_t whylen)
{
	static const unsigned long ioctls[] = {
		TCGETS,		/* isatty(): examd run by hand, stdio */
		FIONREAD,	/* GnuTLS, libfcgi */
		FIONBIO,
	};
	scmp_filter_ctx ctx;
	struct scmp_arg_cmp cmp;
	const char *step = "seccomp_init";
	size_t i;
	int rc = 0;

	if ((ctx = seccomp_init(SCMP_ACT_KILL_PROCESS)) == NULL) {
		rc = -ENOMEM;
		goto fail;
	}
	/* The kernel's audit records every call the filter refuses. */
	step = "seccomp_attr_set";
	if ((rc = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_LOG, 1)) != 0)
		goto fail;
	step = "seccomp_rule_add";
	for (i = 0; i < sizeof allowed / sizeof allowed[0]; i++)
		if ((rc = allow(ctx, allowed[i], 0, NULL)) != 0)
			goto fail;
	for (i = 0; i < sizeof ioctls / sizeof ioctls[0]; i++) {
		cmp = SCMP_A1(SCMP_CMP_EQ, ioctls[i]);
		if ((rc = allow(ctx, "ioctl", 1, &cmp)) != 0)
			goto fail;
	}
	/* Signals to itself only (abort(), raise()), never to the other
	 * processes of its user (another exam session). */
	cmp = SCMP_A0(SCMP_CMP_EQ, (scmp_datum_t)getpid());
	if ((rc = allow(ctx, "kill", 1, &cmp)) != 0 ||
	    (rc = allow(ctx, "tgkill", 1, &cmp)) != 0)
		goto fail;
	/* syslog's socket; another host's only where libpq needs one. */
	cmp = SCMP_A0(SCMP_CMP_EQ, AF_UNIX);
	if ((rc = allow(ctx, "socket", 1, &cmp)) != 0)
		goto fail;
	if (flags & SANDBOX_NET) {
		cmp = SCMP_A0(SCMP_CMP_EQ, AF_INET);
		if ((rc = allow(ctx, "socket", 1, &cmp)) != 0)
			goto fail;
		cmp = SCMP_A0(SCMP_CMP_EQ, AF_INET6);
		if ((rc = allow(ctx, "socket", 1, &cmp)) != 0)
			goto fail;
	}
	if ((flags & SANDBOX_ACCEPT) && ((rc = allow(ctx, "accept", 0,
	    NULL)) != 0 || (rc = allow(ctx, "accept4", 0, NULL)) != 0))
		goto fail;
	step = "seccomp_load";
	if ((rc = seccomp_load(ctx)) != 0)
		goto fail;
	seccomp_release(ctx);
	return 0;
fail:
	snprintf(why, whylen, "cannot confine the process: %s: %s", step,
	    strerror(-rc));
	if (ctx != NULL)
		seccomp_release(ctx);
	return -1;
}

#endif
