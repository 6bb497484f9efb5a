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

#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/syscall.h>

/* The allow-list, one BPF program for each combination of the flags,
 * compiled at build time by lib/sandbox_gen.c (where the list is). */
#include "sandbox_bpf.h"

int
sandbox_built(void)
{
	return 1;
}

int
sandbox_enter(unsigned flags, char *why, size_t whylen)
{
	struct sock_filter insn[SANDBOX_BPF_MAX];
	struct sock_fprog prog;
	const char *step;
	size_t i;

	if (flags >= sizeof sandbox_bpf / sizeof sandbox_bpf[0]) {
		snprintf(why, whylen, "cannot confine the process: "
		    "flags %u: %s", flags, strerror(EINVAL));
		return -1;
	}
	memcpy(insn, sandbox_bpf[flags].insn,
	    sandbox_bpf[flags].len * sizeof insn[0]);
	/* kill and tgkill to this process only: its pid where the
	 * generator left the place for it. */
	for (i = 0; i < sandbox_bpf[flags].npid; i++)
		insn[sandbox_bpf[flags].pid_at[i]].k = (__u32)getpid();
	prog.len = sandbox_bpf[flags].len;
	prog.filter = insn;
	/* No privilege to gain (what lets a process without one install a
	 * filter), then the filter, every call it refuses recorded by the
	 * kernel's audit. */
	step = "prctl";
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
		goto fail;
	step = "seccomp";
	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
	    SECCOMP_FILTER_FLAG_LOG, &prog) != 0)
		goto fail;
	return 0;
fail:
	snprintf(why, whylen, "cannot confine the process: %s: %s", step,
	    strerror(errno));
	return -1;
}

#endif
