/* SPDX-License-Identifier: ISC */
#include "penalty.h"

/* Sized for SPEC's measured outcomes, wrong passwords as fast as the
 * server answers:
 *   pair: 5 free, then waits of 5, 10, 20, 40 s...: 9 checks in the
 *     first minute, then one every 15 minutes at the cap;
 *   name: 10 free (two sources' worth), then 1, 2, 4... s: 15 in the
 *     first minute however many sources, then one every 5 minutes;
 *   source: 45 free (a class of 30 logging in at once behind one NAT
 *     address counts 30 checks in flight, and its typos stay counted),
 *     then 1, 2, 4... s: 50 in the first minute, then one every 5
 *     minutes.
 * forget outlasts cap, so an attacker who keeps to the cap keeps his
 * record; a class's typos are forgotten a quarter of an hour later. */
const struct penalty_rule penalty_rules[PENALTY_NSCOPES] = {
	[PENALTY_PAIR] = { 5, 5, 900, 3600 },
	[PENALTY_NAME] = { 10, 1, 300, 900 },
	[PENALTY_SOURCE] = { 45, 1, 300, 900 },
};

long long
penalty_wait(enum penalty_scope scope, long long n)
{
	const struct penalty_rule *r = &penalty_rules[scope];
	long long w = r->base, over = n - r->allow;

	if (over <= 0)
		return 0;
	while (--over > 0 && w < r->cap)
		w *= 2;
	return w < r->cap ? w : r->cap;
}
