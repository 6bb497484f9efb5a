/* SPDX-License-Identifier: ISC */
/* The benchmark's baseline inetd service: greets and exits, which is the
 * least any program started by xinetd per connection can do. */
#include <unistd.h>

int
main(void)
{
	static const char hello[] = "Welcome to the exam server.\r\n";

	return write(1, hello, sizeof hello - 1) == sizeof hello - 1 ? 0 : 1;
}
