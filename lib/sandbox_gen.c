/* SPDX-License-Identifier: ISC */
/* sandbox_gen: the seccomp filter of lib/sandbox, compiled at build time.
 * Builds the allow-list below with libseccomp once for each combination
 * of the flags of lib/sandbox.h, exports each as a BPF program
 * (seccomp_export_bpf) and prints them as a C header that lib/sandbox.c
 * includes: a program then only loads its filter, with no libseccomp and
 * no compiling at each start (examd starts for every connection).
 *
 * The one rule that depends on the running process, kill and tgkill to
 * its own pid only, is compiled with a placeholder pid (PID_MARK); the
 * header lists, for each program, where the placeholder stands (the k of
 * a "jeq #k" right after the load of the low half of the first
 * argument: once, as libseccomp shares the two calls' identical checks,
 * or once for each), and sandbox_enter puts getpid() there before it
 * loads the program. The generator fails if the mark stands anywhere
 * else, or nowhere. */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <termios.h>

#include "sandbox.h"

/*
 * What a process that is set up still calls, by name (a name this
 * architecture lacks is skipped). Traced over the stories (strace -f -c
 * of examd under xinetd and of the pages under lighttpd, on SQLite and
 * PostgreSQL, plain and TLS). Left out on purpose: execve and execveat,
 * fork, vfork, clone and clone3, ptrace and process_vm_*, bind, listen,
 * chmod, chown, link, symlink, rename, mkdir, setuid and the rest of the
 * credentials, mount, seccomp and prctl, and every call that needs a
 * privilege.
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

/* The placeholder for the pid of kill and tgkill: no pid (above any
 * pid_max), no call number, flag or constant of the list. */
#define PID_MARK 0x5ec0b1d5u
/* kill and tgkill: the mark stands once in each, or once for both. */
#define PID_RULES 2
/* Where a call's first argument's low 32 bits are. */
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define ARG0_LOW offsetof(struct seccomp_data, args[0])
#else
#define ARG0_LOW (offsetof(struct seccomp_data, args[0]) + 4)
#endif

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

/* build FLAGS: the filter for sandbox_enter(FLAGS), or NULL. */
static scmp_filter_ctx
build(unsigned flags)
{
	static const unsigned long ioctls[] = {
		TCGETS,		/* isatty(): examd run by hand, stdio */
		FIONREAD,	/* GnuTLS, libfcgi */
		FIONBIO,
	};
	scmp_filter_ctx ctx;
	struct scmp_arg_cmp cmp;
	size_t i;

	/* The architecture check (AUDIT_ARCH) comes first in the program:
	 * another architecture's calls end the process too. The kernel's
	 * audit records every call refused: sandbox_enter loads the
	 * program with SECCOMP_FILTER_FLAG_LOG. */
	if ((ctx = seccomp_init(SCMP_ACT_KILL_PROCESS)) == NULL)
		return NULL;
	/* A binary tree of call numbers rather than a list: when it loads
	 * the filter the kernel runs it for every call number of every
	 * architecture to find those always allowed; as a list that took
	 * 150 us, 7 % of an examd connect-and-greet (README, Performance). */
	if (seccomp_attr_set(ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2) != 0)
		goto fail;
	for (i = 0; i < sizeof allowed / sizeof allowed[0]; i++)
		if (allow(ctx, allowed[i], 0, NULL) != 0)
			goto fail;
	for (i = 0; i < sizeof ioctls / sizeof ioctls[0]; i++) {
		cmp = SCMP_A1(SCMP_CMP_EQ, ioctls[i]);
		if (allow(ctx, "ioctl", 1, &cmp) != 0)
			goto fail;
	}
	/* Signals to itself only (abort(), raise()), never to the other
	 * processes of its user (another exam session): PID_MARK becomes
	 * the process's pid when it is loaded. */
	cmp = SCMP_A0(SCMP_CMP_EQ, PID_MARK);
	if (allow(ctx, "kill", 1, &cmp) != 0 ||
	    allow(ctx, "tgkill", 1, &cmp) != 0)
		goto fail;
	/* syslog's socket; another host's only where libpq needs one. */
	cmp = SCMP_A0(SCMP_CMP_EQ, AF_UNIX);
	if (allow(ctx, "socket", 1, &cmp) != 0)
		goto fail;
	if (flags & SANDBOX_NET) {
		cmp = SCMP_A0(SCMP_CMP_EQ, AF_INET);
		if (allow(ctx, "socket", 1, &cmp) != 0)
			goto fail;
		cmp = SCMP_A0(SCMP_CMP_EQ, AF_INET6);
		if (allow(ctx, "socket", 1, &cmp) != 0)
			goto fail;
	}
	if ((flags & SANDBOX_ACCEPT) && (allow(ctx, "accept", 0, NULL) != 0 ||
	    allow(ctx, "accept4", 0, NULL) != 0))
		goto fail;
	return ctx;
fail:
	seccomp_release(ctx);
	return NULL;
}

/* export CTX: its BPF program, read back from a temporary file, in *prog
 * (*len instructions). Returns 0, or -1. */
static int
export(scmp_filter_ctx ctx, struct sock_filter **prog, size_t *len)
{
	FILE *f = tmpfile();
	long size;

	if (f == NULL || seccomp_export_bpf(ctx, fileno(f)) != 0 ||
	    (size = lseek(fileno(f), 0, SEEK_END)) <= 0 ||
	    size % (long)sizeof **prog != 0 ||
	    lseek(fileno(f), 0, SEEK_SET) != 0 ||
	    (*prog = malloc((size_t)size)) == NULL ||
	    read(fileno(f), *prog, (size_t)size) != size) {
		if (f != NULL)
			fclose(f);
		return -1;
	}
	fclose(f);
	*len = (size_t)size / sizeof **prog;
	return 0;
}

int
main(void)
{
	enum { VARIANTS = (SANDBOX_NET | SANDBOX_ACCEPT) + 1 };
	size_t len[VARIANTS], pid_at[VARIANTS][PID_RULES], max = 0, i, j;
	struct sock_filter *prog[VARIANTS];
	unsigned v, n, npid[VARIANTS];

	for (v = 0; v < VARIANTS; v++) {
		scmp_filter_ctx ctx = build(v);

		if (ctx == NULL || export(ctx, &prog[v], &len[v]) == -1) {
			fprintf(stderr, "sandbox_gen: cannot build the filter "
			    "for flags %u\n", v);
			return 1;
		}
		seccomp_release(ctx);
		if (len[v] > BPF_MAXINSNS) {
			fprintf(stderr, "sandbox_gen: %zu instructions\n",
			    len[v]);
			return 1;
		}
		if (len[v] > max)
			max = len[v];
		for (n = 0, i = 0; i < len[v]; i++) {
			if (prog[v][i].k != PID_MARK)
				continue;
			if (prog[v][i].code != (BPF_JMP | BPF_JEQ | BPF_K) ||
			    i == 0 || prog[v][i - 1].code !=
			    (BPF_LD | BPF_W | BPF_ABS) ||
			    prog[v][i - 1].k != ARG0_LOW || n == PID_RULES) {
				fprintf(stderr, "sandbox_gen: the pid's mark "
				    "at %zu is not kill's or tgkill's\n", i);
				return 1;
			}
			pid_at[v][n++] = i;
		}
		if (n == 0) {
			fprintf(stderr, "sandbox_gen: no pid's mark\n");
			return 1;
		}
		npid[v] = n;
	}
	printf("/* Generated by lib/sandbox_gen.c: the seccomp filter of "
	    "lib/sandbox, one\n * BPF program for each combination of its "
	    "flags. */\n");
	printf("#define SANDBOX_BPF_MAX %zu\n", max);
	for (v = 0; v < VARIANTS; v++) {
		printf("static const struct sock_filter sandbox_bpf_%u[] = {\n",
		    v);
		for (i = 0; i < len[v]; i++)
			printf("\t{ 0x%04x, %u, %u, 0x%08x },\n",
			    prog[v][i].code, prog[v][i].jt, prog[v][i].jf,
			    prog[v][i].k);
		printf("};\n");
	}
	printf("/* Each program, and where the pid goes in it. */\n"
	    "static const struct {\n"
	    "\tconst struct sock_filter *insn;\n"
	    "\tunsigned short len;\n"
	    "\tunsigned short npid;\n"
	    "\tunsigned short pid_at[%d];\n"
	    "} sandbox_bpf[%d] = {\n", PID_RULES, VARIANTS);
	for (v = 0; v < VARIANTS; v++) {
		printf("\t{ sandbox_bpf_%u, %zu, %u, {", v, len[v], npid[v]);
		for (j = 0; j < npid[v]; j++)
			printf(" %zu%s", pid_at[v][j],
			    j + 1 < npid[v] ? "," : " ");
		printf("} },\n");
		free(prog[v]);
	}
	printf("};\n");
	return fflush(stdout) == 0 && !ferror(stdout) ? 0 : 1;
}
