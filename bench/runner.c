// SPDX-License-Identifier: Apache-2.0
/* The benchmark driver: runs commands interleaved (A B C A B C ...) or many at once, and reports
 * wall time and the peak RSS of each run (wait4's rusage: the process and the descendants it
 * reaped, as /usr/bin/time -f %M). Written in C so the driver adds no interpreter start-up or fork
 * of a large process to the numbers it measures. */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_CMDS 16

extern char **environ;

struct cmd {
	const char *name;
	char **argv;
	double *wall_ms, *user_ms, *sys_ms;
	long *rss_kib;
	size_t n;
	size_t failures;
};

struct run {
	double wall_ms, user_ms, sys_ms;
	long rss_kib;
	int status;
};

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static double tv_ms(struct timeval tv)
{
	return (double)tv.tv_sec * 1e3 + (double)tv.tv_usec / 1e3;
}

static void die(const char *what)
{
	fprintf(stderr, "runner: %s: %s\n", what, strerror(errno));
	exit(2);
}

/* stdout goes to /dev/null, stderr to errfd (the log), so output costs the same for every command.
 * */
static pid_t spawn(char **argv, int errfd)
{
	posix_spawn_file_actions_t fa;
	pid_t pid;
	int err;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	if (errfd >= 0)
		posix_spawn_file_actions_adddup2(&fa, errfd, 2);
	err = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (err) {
		errno = err;
		die(argv[0]);
	}
	return pid;
}

static struct run run_one(char **argv, int errfd)
{
	struct run r = { 0 };
	struct rusage ru;
	double t0 = now_ms();
	pid_t pid = spawn(argv, errfd);

	while (wait4(pid, &r.status, 0, &ru) < 0)
		if (errno != EINTR)
			die("wait4");
	r.wall_ms = now_ms() - t0;
	r.user_ms = tv_ms(ru.ru_utime);
	r.sys_ms = tv_ms(ru.ru_stime);
	r.rss_kib = ru.ru_maxrss;
	return r;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static int cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return x < y ? -1 : x > y;
}

static double median(double *v, size_t n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Nearest rank on sorted values. */
static double pct(const double *sorted, size_t n, double p)
{
	size_t k = (size_t)ceil(p * (double)n);

	return sorted[k ? k - 1 : 0];
}

static void summary_header(void)
{
	printf("# name\tn\tmedian_ms\tp90_ms\tmean_ms\tmin_ms\tmax_ms\tuser_ms_med\tsys_ms_med\t"
	       "maxrss_kib_med\tmaxrss_kib_max\tfailures\n");
}

static void summarize(struct cmd *c)
{
	double mean = 0, med, usr, sys;
	size_t n = c->n;

	if (n == 0) {
		printf("%s\t0\t-\t-\t-\t-\t-\t-\t-\t-\t-\t%zu\n", c->name, c->failures);
		return;
	}
	for (size_t i = 0; i < n; i++)
		mean += c->wall_ms[i] / (double)n;
	med = median(c->wall_ms, n);
	usr = median(c->user_ms, n);
	sys = median(c->sys_ms, n);
	qsort(c->rss_kib, n, sizeof(long), cmp_long);
	printf("%s\t%zu\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t%ld\t%ld\t%zu\n", c->name, n,
	       med, pct(c->wall_ms, n, 0.9), mean, c->wall_ms[0], c->wall_ms[n - 1], usr, sys,
	       c->rss_kib[n / 2], c->rss_kib[n - 1], c->failures);
}

static void usage(void)
{
	fputs("usage: runner interleave [-n ROUNDS] [-w WARMUP] [-r RAW.tsv] [-l LOG] -- NAME CMD "
	      "[ARG...] "
	      "[::: NAME CMD [ARG...]]...\n"
	      "       runner parallel [-n REPEATS] -c COUNT [-l LOG] -- NAME CMD [ARG...]\n"
	      "       runner get SOCKET PATH\n",
	      stderr);
	exit(2);
}

/* Split "NAME CMD ARGS ::: NAME CMD ARGS" into commands, in place. */
static size_t parse_cmds(int argc, char **argv, struct cmd *cmds, size_t rounds)
{
	size_t n = 0;

	for (int i = 0; i < argc;) {
		int j = i;

		while (j < argc && strcmp(argv[j], ":::") != 0)
			j++;
		if (j - i < 2 || n == MAX_CMDS)
			usage();
		argv[j < argc ? j : argc] = NULL;
		cmds[n] = (struct cmd){ .name = argv[i], .argv = argv + i + 1 };
		cmds[n].wall_ms = calloc(rounds, sizeof(double));
		cmds[n].user_ms = calloc(rounds, sizeof(double));
		cmds[n].sys_ms = calloc(rounds, sizeof(double));
		cmds[n].rss_kib = calloc(rounds, sizeof(long));
		if (!cmds[n].wall_ms || !cmds[n].user_ms || !cmds[n].sys_ms || !cmds[n].rss_kib)
			die("calloc");
		n++;
		i = j + 1;
	}
	return n;
}

static void record(struct cmd *c, const struct run *r, FILE *raw, size_t round)
{
	bool ok = WIFEXITED(r->status) && WEXITSTATUS(r->status) == 0;

	if (raw)
		fprintf(raw, "%zu\t%s\t%.3f\t%.3f\t%.3f\t%ld\t%d\n", round, c->name, r->wall_ms,
			r->user_ms, r->sys_ms, r->rss_kib, r->status);
	if (!ok) {
		c->failures++;
		return;
	}
	c->wall_ms[c->n] = r->wall_ms;
	c->user_ms[c->n] = r->user_ms;
	c->sys_ms[c->n] = r->sys_ms;
	c->rss_kib[c->n] = r->rss_kib;
	c->n++;
}

static int interleave(int argc, char **argv)
{
	size_t rounds = 100, warmup = 3, ncmds, failures = 0;
	const char *raw_path = NULL, *log_path = "/dev/null";
	struct cmd cmds[MAX_CMDS];
	FILE *raw = NULL;
	int opt, errfd;

	while ((opt = getopt(argc, argv, "+n:w:r:l:")) != -1) {
		if (opt == 'n')
			rounds = strtoul(optarg, NULL, 10);
		else if (opt == 'w')
			warmup = strtoul(optarg, NULL, 10);
		else if (opt == 'r')
			raw_path = optarg;
		else if (opt == 'l')
			log_path = optarg;
		else
			usage();
	}
	if (rounds == 0 || optind >= argc)
		usage();
	ncmds = parse_cmds(argc - optind, argv + optind, cmds, rounds);
	errfd = open(log_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (errfd < 0)
		die(log_path);
	if (raw_path && !(raw = fopen(raw_path, "we")))
		die(raw_path);
	if (raw)
		fprintf(raw, "# round\tname\twall_ms\tuser_ms\tsys_ms\tmaxrss_kib\tstatus\n");
	for (size_t w = 0; w < warmup; w++)
		for (size_t c = 0; c < ncmds; c++)
			run_one(cmds[c].argv, errfd);
	for (size_t r = 0; r < rounds; r++)
		for (size_t c = 0; c < ncmds; c++) {
			struct run one = run_one(cmds[c].argv, errfd);

			record(&cmds[c], &one, raw, r);
		}
	if (raw)
		fclose(raw);
	summary_header();
	for (size_t c = 0; c < ncmds; c++) {
		summarize(&cmds[c]);
		failures += cmds[c].failures;
	}
	return failures ? 1 : 0;
}

/* COUNT copies at once; the time runs from the first spawn to the last exit. */
static double parallel_once(char **argv, size_t count, int errfd, size_t *ret_failed,
			    double *ret_slowest)
{
	pid_t *pids = calloc(count, sizeof(pid_t));
	double *start = calloc(count, sizeof(double));
	double t0 = now_ms(), slowest = 0;
	size_t failed = 0;

	if (!pids || !start)
		die("calloc");
	for (size_t i = 0; i < count; i++) {
		start[i] = now_ms();
		pids[i] = spawn(argv, errfd);
	}
	for (size_t left = count; left > 0; left--) {
		int st;
		pid_t pid = wait(&st);

		if (pid < 0) {
			if (errno == EINTR) {
				left++;
				continue;
			}
			die("wait");
		}
		if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
			failed++;
		for (size_t i = 0; i < count; i++)
			if (pids[i] == pid && now_ms() - start[i] > slowest)
				slowest = now_ms() - start[i];
	}
	free(pids);
	free(start);
	*ret_failed = failed;
	*ret_slowest = slowest;
	return now_ms() - t0;
}

static int parallel(int argc, char **argv)
{
	size_t repeats = 5, count = 100, total_failed = 0;
	const char *log_path = "/dev/null";
	double *totals, *slowest;
	int opt, errfd;

	while ((opt = getopt(argc, argv, "+n:c:l:")) != -1) {
		if (opt == 'n')
			repeats = strtoul(optarg, NULL, 10);
		else if (opt == 'c')
			count = strtoul(optarg, NULL, 10);
		else if (opt == 'l')
			log_path = optarg;
		else
			usage();
	}
	if (repeats == 0 || count == 0 || argc - optind < 2)
		usage();
	errfd = open(log_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (errfd < 0)
		die(log_path);
	totals = calloc(repeats, sizeof(double));
	slowest = calloc(repeats, sizeof(double));
	if (!totals || !slowest)
		die("calloc");
	for (size_t r = 0; r < repeats; r++) {
		size_t failed;

		totals[r] = parallel_once(argv + optind + 1, count, errfd, &failed, &slowest[r]);
		total_failed += failed;
	}
	printf(
	    "# "
	    "name\tcount\trepeats\ttotal_ms_median\ttotal_ms_max\tslowest_one_ms_median\tfailed\n");
	qsort(totals, repeats, sizeof(double), cmp_double);
	printf("%s\t%zu\t%zu\t%.1f\t%.1f\t%.1f\t%zu\n", argv[optind], count, repeats,
	       median(totals, repeats), totals[repeats - 1], median(slowest, repeats),
	       total_failed);
	return total_failed ? 1 : 0;
}

/* One HTTP/1.0 GET on a unix socket, the answer read to its end and dropped: the daemon's own share
 * of a request. */
static int get(int argc, char **argv)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	char req[1024], buf[65536];
	ssize_t n;
	int fd, len;

	if (argc != 3 || strlen(argv[1]) >= sizeof(sa.sun_path))
		usage();
	strcpy(sa.sun_path, argv[1]);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		die(argv[1]);
	len = snprintf(req, sizeof(req), "GET %s HTTP/1.0\r\nHost: docker\r\n\r\n", argv[2]);
	if (write(fd, req, (size_t)len) != len)
		die("write");
	n = read(fd, buf, sizeof(buf));
	if (n < 12 || memcmp(buf + 8, " 200", 4) != 0)
		return 1;
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		;
	return n < 0;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		usage();
	if (strcmp(argv[1], "interleave") == 0)
		return interleave(argc - 1, argv + 1);
	if (strcmp(argv[1], "parallel") == 0)
		return parallel(argc - 1, argv + 1);
	if (strcmp(argv[1], "get") == 0)
		return get(argc - 1, argv + 1);
	usage();
}
