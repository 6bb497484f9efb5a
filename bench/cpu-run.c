/* SPDX-License-Identifier: ISC */
/* Runs CMD [ARG...] COUNT times, one after another, each with stdin read
 * from INPUT and stdout on /dev/null, and prints the CPU time (user +
 * system) one run took on average and the largest peak RSS of any run.
 * CPU time does not depend on what else the machine is doing, so this is
 * how `make bench` prices one examd session. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "intparse.h"

int
main(int argc, char *argv[])
{
	struct rusage ru;
	long long n, i;
	double cpu;
	int st;
	pid_t pid;

	if (argc < 4 || intparse_dec(argv[1], 1, 100000, &n) != INTPARSE_OK) {
		fprintf(stderr, "usage: cpu-run COUNT INPUT CMD [ARG...]\n");
		return 2;
	}
	for (i = 0; i < n; i++) {
		if ((pid = fork()) == -1) {
			perror("fork");
			return 1;
		}
		if (pid == 0) {
			int in = open(argv[2], O_RDONLY);
			int out = open("/dev/null", O_WRONLY);

			if (in == -1 || out == -1 || dup2(in, 0) == -1 ||
			    dup2(out, 1) == -1)
				_exit(127);
			execv(argv[3], argv + 3);
			_exit(127);
		}
		if (waitpid(pid, &st, 0) == -1 || !WIFEXITED(st) ||
		    WEXITSTATUS(st) == 127) {
			fprintf(stderr, "cpu-run: %s did not run\n", argv[3]);
			return 1;
		}
	}
	if (getrusage(RUSAGE_CHILDREN, &ru) == -1) {
		perror("getrusage");
		return 1;
	}
	cpu = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
	    (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
	printf("%.3f ms CPU per run, peak RSS %ld KiB\n", cpu * 1e3 / (double)n,
	    ru.ru_maxrss);
	return 0;
}
