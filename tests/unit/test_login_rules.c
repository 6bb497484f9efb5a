/* SPDX-License-Identifier: ISC */
/* The login phase's small rules: lib/netsource (the source a failed login
 * counts against), lib/settings (names, values, defaults), the user name
 * key, and exam/penalty (the waits). */
#include <string.h>

#include "netsource.h"
#include "penalty.h"
#include "settings.h"
#include "username.h"
#include "tap.h"

int
main(void)
{
	static const struct {
		const char	*addr, *key;
	} src[] = {
		{ "127.0.0.1:5000", "127.0.0.1" },
		{ "10.1.2.3", "10.1.2.3" },
		{ "[2001:db8:1:2:aaaa:bbbb:cccc:dddd]:443", "2001:db8:1:2::/64" },
		{ "2001:db8:1:2::9", "2001:db8:1:2::/64" },
		{ "2001:db8:1:2::/64", "2001:db8:1:2::/64" },
		{ "[::ffff:192.0.2.7]:80", "192.0.2.7" },
		{ "local", "local" },
	};
	struct exam_settings set;
	char key[NETSOURCE_MAX], v[32], name[USERNAME_MAX + 1];
	size_t i;

	for (i = 0; i < sizeof src / sizeof src[0]; i++) {
		ok(netsource_of(src[i].addr, key, sizeof key) == 0,
		    "a peer or an address has a source");
		is_str(key, src[i].key, "an IPv4 address, or the IPv6 /64");
	}
	ok(netsource_is_addr("192.0.2.1") && netsource_is_addr("::1") &&
	    netsource_is_addr("2001:db8::/64"), "addresses are addresses");
	ok(!netsource_is_addr("amelie") && !netsource_is_addr("1.2.3") &&
	    !netsource_is_addr("2001:db8::/48"), "names and others are not");

	settings_defaults(&set);
	ok(set.registration_open && set.password_min == 8 &&
	    set.connection_days == 30, "the defaults");
	ok(settings_apply(&set, "registration", "closed") == NULL &&
	    !set.registration_open, "registration closed");
	ok(settings_apply(&set, "password-min", "12") == NULL &&
	    set.password_min == 12, "password-min 12");
	ok(settings_apply(&set, "password-min", "0") != NULL &&
	    settings_apply(&set, "password-min", "129") != NULL &&
	    settings_apply(&set, "password-min", " 9") != NULL &&
	    set.password_min == 12, "out of bounds: refused, unchanged");
	ok(settings_apply(&set, "connection-days", "0") != NULL &&
	    settings_apply(&set, "registration", "Open") != NULL &&
	    settings_apply(&set, "colour", "blue") != NULL,
	    "other values and names are refused");
	settings_value(&set, "registration", v, sizeof v);
	is_str(v, "closed", "a value reads back");

	username_key("AmElIe.X_9-", name);
	is_str(name, "amelie.x_9-", "a name's key is its lower case");

	is_int((int)penalty_wait(PENALTY_PAIR, 5), 0, "pair: 5 free");
	is_int((int)penalty_wait(PENALTY_PAIR, 6), 5, "then 5 s");
	is_int((int)penalty_wait(PENALTY_PAIR, 9), 40, "doubling");
	is_int((int)penalty_wait(PENALTY_PAIR, 1000), 900, "up to 15 min");
	is_int((int)penalty_wait(PENALTY_NAME, 10), 0, "name: 10 free");
	is_int((int)penalty_wait(PENALTY_NAME, 11), 1, "then 1 s");
	is_int((int)penalty_wait(PENALTY_SOURCE, 45), 0, "source: 45 free");
	is_int((int)penalty_wait(PENALTY_SOURCE, 100), 300, "capped at 5 min");
	for (i = 0; i < PENALTY_NSCOPES; i++)
		ok(penalty_rules[i].forget > penalty_rules[i].cap,
		    "a scope forgets only after its longest wait");
	return tap_done();
}
