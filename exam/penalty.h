/* SPDX-License-Identifier: ISC */
/* The failed-login policy (SPEC "Failed logins"): how many password
 * checks each scope of the record allows before it makes logins wait,
 * and how the wait grows. As OpenSSH's PerSourcePenalties and Dovecot's
 * auth penalty, a wait is a refusal, never a sleep: no examd is held.
 *
 * Three scopes, each a row of exam.db's login_failures:
 *   pair    one name typed from one source: a guesser's own record, the
 *           only one that also binds a source the name is known at;
 *   name    one name from every source (fed only by the first checks of
 *           each pair, so one source alone never fills it, and the owner
 *           elsewhere is never kept out by it);
 *   source  one source, any name (one address spraying many names).
 * A source is an IPv4 address or an IPv6 /64 (lib/netsource). */
#ifndef PENALTY_H
#define PENALTY_H

enum penalty_scope { PENALTY_PAIR, PENALTY_NAME, PENALTY_SOURCE,
	PENALTY_NSCOPES };

struct penalty_rule {
	int	allow;		/* checks before any wait */
	int	base;		/* the first wait, in seconds */
	int	cap;		/* the longest wait */
	int	forget;		/* a record quiet this long starts over */
};

extern const struct penalty_rule penalty_rules[PENALTY_NSCOPES];

/* The wait, in seconds, that the n-th check counted in scope sets for
 * the next one: 0 within the allowance, then base, doubling, up to cap. */
long long penalty_wait(enum penalty_scope scope, long long n);

#endif
