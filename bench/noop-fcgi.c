/* SPDX-License-Identifier: ISC */
/* The benchmark's baseline page: a FastCGI program that answers every
 * request with a fixed tiny page and does nothing else. */
#include <fcgiapp.h>
#include <stdio.h>

int
main(void)
{
	FCGX_Request req;
	int rc;

	if (FCGX_Init() != 0 || FCGX_InitRequest(&req, 0, 0) != 0)
		return 1;
	while ((rc = FCGX_Accept_r(&req)) >= 0) {
		FCGX_PutS("Status: 200\r\nContent-Type: text/html; "
		    "charset=utf-8\r\n\r\n<!doctype html><p>ok</p>\n", req.out);
		FCGX_Finish_r(&req);
	}
	fprintf(stderr, "noop-fcgi: accept failed (%d)\n", rc);
	return 1;
}
