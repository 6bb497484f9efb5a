/* SPDX-License-Identifier: ISC */
#define PQ_NO_REDIRECT
#include <dlfcn.h>
#include <stdio.h>

#include "db.h"
#include "pq.h"

/* libpq's soname: its ABI version, the same in every PostgreSQL release
 * since 8.4. */
#define PQ_LIBRARY "libpq.so.5"

/* Before loading: nothing from libpq exists, so there is nothing to free. */
static void unloaded_clear(PGresult *r) { (void)r; }
static void unloaded_finish(PGconn *c) { (void)c; }

struct pq_api pq_api = {
	.PQclear = unloaded_clear,
	.PQfinish = unloaded_finish,
};

int
pq_load(void)
{
	static int loaded;
	struct pq_api api;
	char why[256];
	void *h;

	if (loaded)
		return 0;
	if ((h = dlopen(PQ_LIBRARY, RTLD_NOW | RTLD_LOCAL)) == NULL) {
		snprintf(why, sizeof why, "%s; a postgresql:// database needs "
		    "libpq (apt-get install libpq5)", dlerror());
		db_report("postgresql", why);
		return -1;
	}
	/* Assigned through a void ** as in POSIX's own dlsym example: C
	 * alone does not convert an object pointer to a function pointer. */
#define PQ_RESOLVE(name, ret, params)					\
	if ((*(void **)&api.name = dlsym(h, #name)) == NULL) {		\
		snprintf(why, sizeof why, "%s has no %s", PQ_LIBRARY, #name); \
		db_report("postgresql", why);				\
		dlclose(h);						\
		return -1;						\
	}
	PQ_FUNCTIONS(PQ_RESOLVE)
#undef PQ_RESOLVE
	pq_api = api;
	loaded = 1;
	return 0;
}
