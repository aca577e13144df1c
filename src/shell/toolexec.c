/* toolexec.c - gosize as go's -toolexec wrapper: every tool passes through,
 * a building link also dumps its reachability (-dumpdep) into a file. */
#include "shell/toolexec.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "shell/io.h"
#include "util/err.h"
#include "util/mem.h"

#define DUMP_MAX ((size_t)256 << 20) /* 256 MiB: cmd/go's dump is 4 MB; a build may write anything there */

int gs_toolexec_is_wrapper(int argc, char **argv)
{
	const char *d = getenv(GS_LINKDEP_ENV);
	return argc >= 2 && d && *d && argv[1][0] == '/';
}

static int is_link(const char *tool)
{
	const char *b = strrchr(tool, '/');
	b = b ? b + 1 : tool;
	return strcmp(b, "link") == 0 || strcmp(b, "link.exe") == 0;
}

static void put_all(int fd, const char *s, size_t n)
{
	while (n) {
		ssize_t w = write(fd, s, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;
		s += w;
		n -= (size_t)w;
	}
}

/* After the link: the lines of its output that are no dependency ("a -> b")
 * go to our standard output, as go would have shown them. */
static void pass_other_lines(const char *path, long skip)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return;
	fseek(f, skip, SEEK_SET);
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	while ((n = getline(&line, &cap, f)) > 0)
		if (!memmem(line, (size_t)n, " -> ", 4))
			put_all(STDOUT_FILENO, line, (size_t)n);
	free(line);
	fclose(f);
}

int gs_toolexec_main(int argc, char **argv)
{
	const char *tool = argv[1], *dir = getenv(GS_LINKDEP_ENV);
	int query = 0, dynlink = 0;
	for (int i = 2; i < argc; i++) {
		const char *a = argv[i];
		query |= strncmp(a, "-V", 2) == 0 || strcmp(a, "-flags") == 0;
		dynlink |= strcmp(a, "-linkshared") == 0 || strcmp(a, "-buildmode=shared") == 0 ||
		           strcmp(a, "-buildmode=plugin") == 0 ||
		           (strcmp(a, "-buildmode") == 0 && i + 1 < argc &&
		            (strcmp(argv[i + 1], "shared") == 0 || strcmp(argv[i + 1], "plugin") == 0));
	}
	if (!is_link(tool) || query) {
		execv(tool, argv + 1);
		fprintf(stderr, "gosize (toolexec): cannot run %s: %s\n", tool, strerror(errno));
		return 127;
	}
	char path[4200];
	int fd = -1;
	for (int k = 0; k < 100 && fd < 0; k++) {
		snprintf(path, sizeof path, "%s/link-%ld-%d.dep", dir, (long)getpid(), k);
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644); /* gosize reads it, also when the build runs as another user */
	}
	char **av = fd >= 0 ? calloc((size_t)argc + 2, sizeof *av) : NULL;
	if (!av) { /* nowhere to record: the link runs as it would have */
		if (fd >= 0)
			close(fd);
		execv(tool, argv + 1);
		fprintf(stderr, "gosize (toolexec): cannot run %s: %s\n", tool, strerror(errno));
		return 127;
	}
	const char *ip = getenv("TOOLEXEC_IMPORTPATH");
	char head[1200];
	int hl = snprintf(head, sizeof head, "# gosize-linkdep dynlink=%d importpath=%.1000s\n", dynlink, ip ? ip : "");
	put_all(fd, head, (size_t)hl);
	av[0] = argv[1];
	av[1] = "-dumpdep"; /* before the other flags: the main package is the last argument */
	for (int i = 2; i < argc; i++)
		av[i] = argv[i];
	pid_t pid = fork();
	if (pid == 0) {
		dup2(fd, STDOUT_FILENO);
		execv(tool, av);
		_exit(127);
	}
	close(fd);
	free(av);
	if (pid < 0) {
		fprintf(stderr, "gosize (toolexec): fork: %s\n", strerror(errno));
		return 127;
	}
	int status = 0;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return 127;
	pass_other_lines(path, hl);
	if (WIFSIGNALED(status)) {
		signal(WTERMSIG(status), SIG_DFL);
		raise(WTERMSIG(status));
		return 128 + WTERMSIG(status);
	}
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

int gs_toolexec_goflags(char *buf, size_t bufsz, const char *gflags, const char **why)
{
	char self[4096];
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
	*why = NULL;
	if (n <= 0) {
		*why = "gosize cannot name its own program (/proc/self/exe)";
		return GS_ENOTFOUND;
	}
	self[n] = '\0';
	if (strpbrk(self, " \t\n\r'\"\\")) {
		*why = "gosize's own path has a space or quote, which GOFLAGS cannot carry";
		return GS_ENOTFOUND;
	}
	const char *g = gflags ? gflags : "";
	for (const char *p = g; (p = strstr(p, "toolexec")) != NULL; p++)
		if (p > g && p[-1] == '-') {
			*why = "the build's GOFLAGS sets its own -toolexec";
			return GS_ENOTFOUND;
		}
	if ((size_t)snprintf(buf, bufsz, "%s%s-toolexec=%s", g, *g ? " " : "", self) >= bufsz) {
		*why = "GOFLAGS is too long";
		return GS_ENOTFOUND;
	}
	return 0;
}

int gs_toolexec_runnable_by_others(void)
{
	char self[4096];
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
	if (n <= 0)
		return 0;
	self[n] = '\0';
	struct stat st;
	if (stat(self, &st) < 0 || !(st.st_mode & S_IXOTH) || !(st.st_mode & S_IROTH))
		return 0;
	for (char *s = strrchr(self, '/'); s && s > self; s = strrchr(self, '/')) {
		*s = '\0';
		if (stat(self, &st) < 0 || !(st.st_mode & S_IXOTH))
			return 0;
	}
	return 1;
}

/* The header of a dump file: its dynlink flag and import path (into ip). 0 or -1. */
static int read_head(const char *path, int *dynlink, char *ip, size_t ipsz, time_t *mtime)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	char line[1200];
	int ok = fgets(line, sizeof line, f) != NULL;
	struct stat st;
	*mtime = fstat(fileno(f), &st) == 0 ? st.st_mtime : 0;
	fclose(f);
	int d;
	const char *p = ok ? strstr(line, " importpath=") : NULL;
	if (!p || sscanf(line, "# gosize-linkdep dynlink=%d", &d) != 1)
		return -1;
	*dynlink = d != 0;
	snprintf(ip, ipsz, "%s", p + 12);
	ip[strcspn(ip, "\n")] = '\0';
	return 0;
}

int gs_toolexec_dump(char **text, size_t *len, int *dynlink, const char *dir, const char *path)
{
	*text = NULL;
	*len = 0;
	DIR *d = opendir(dir);
	if (!d)
		return gs_fail("%s: %s", dir, strerror(errno));
	char best[4200] = "", only[4200] = "";
	int nd = 0, best_dyn = 0, only_dyn = 0;
	time_t best_t = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		size_t nl = strlen(e->d_name);
		if (strncmp(e->d_name, "link-", 5) != 0 || nl < 9 || strcmp(e->d_name + nl - 4, ".dep") != 0)
			continue;
		char p[4200], ip[1100];
		int dyn;
		time_t t;
		snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
		if (read_head(p, &dyn, ip, sizeof ip, &t) < 0)
			continue;
		nd++;
		snprintf(only, sizeof only, "%s", p);
		only_dyn = dyn;
		if (path && strcmp(ip, path) == 0 && (!best[0] || t >= best_t)) {
			snprintf(best, sizeof best, "%s", p);
			best_dyn = dyn;
			best_t = t;
		}
	}
	closedir(d);
	if (!best[0] && nd == 1) {
		snprintf(best, sizeof best, "%s", only);
		best_dyn = only_dyn;
	}
	if (!best[0])
		return GS_ENOTFOUND;
	int fd = open(best, O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) < 0) {
		if (fd >= 0)
			close(fd);
		return gs_fail("%s: %s", best, strerror(errno));
	}
	if ((uint64_t)st.st_size > DUMP_MAX) {
		close(fd);
		return gs_fail("%s: the linker's dump is over 256 MiB", best);
	}
	char *buf = malloc((size_t)st.st_size + 1);
	size_t got = buf ? gs_fd_read_full(fd, buf, (size_t)st.st_size) : 0;
	close(fd);
	if (!buf)
		return gs_fail("out of memory");
	buf[got] = '\0';
	*text = buf;
	*len = got;
	*dynlink = best_dyn;
	return 0;
}
