/* build.c - build commands and temporary directories. */
#include "build.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "err.h"
#include "mem.h"

#define MAX_TMP 16
static char *tmpdirs[MAX_TMP];
static volatile pid_t child_pid;

static int rm_cb(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	return remove(path) < 0 && errno != ENOENT ? -1 : 0;
}

static void rmtree(const char *dir) { nftw(dir, rm_cb, 16, FTW_DEPTH | FTW_PHYS); }

static void on_signal(int sig)
{
	if (child_pid > 0)
		kill(-child_pid, SIGTERM);
	for (int i = 0; i < MAX_TMP; i++)
		if (tmpdirs[i])
			rmtree(tmpdirs[i]);
	signal(sig, SIG_DFL);
	raise(sig);
}

void gs_build_install_signals(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

char *gs_tmpdir_new(const char *tag)
{
	const char *base = getenv("TMPDIR");
	char tmpl[4096];
	snprintf(tmpl, sizeof tmpl, "%s/gosize-%s-XXXXXX", base && *base ? base : "/tmp", tag);
	char *d = gs_strdup(tmpl);
	if (!d)
		return NULL;
	if (!mkdtemp(d)) {
		gs_fail("cannot create a temporary directory %s: %s", tmpl, strerror(errno));
		free(d);
		return NULL;
	}
	for (int i = 0; i < MAX_TMP; i++)
		if (!tmpdirs[i]) {
			tmpdirs[i] = d;
			return gs_strdup(d);
		}
	rmtree(d);
	free(d);
	gs_fail("too many temporary directories");
	return NULL;
}

void gs_tmpdir_remove(const char *dir)
{
	for (int i = 0; i < MAX_TMP; i++)
		if (tmpdirs[i] && strcmp(tmpdirs[i], dir) == 0) {
			rmtree(tmpdirs[i]);
			free(tmpdirs[i]);
			tmpdirs[i] = NULL;
			return;
		}
	rmtree(dir);
}

/* The last n lines of s, joined with " | " (in place, into buf). */
static void last_lines(const char *s, size_t len, int n, char *buf, size_t bufsz)
{
	while (len && (s[len - 1] == '\n' || s[len - 1] == ' '))
		len--;
	size_t start = len;
	for (int k = 0; start > 0 && k < n;) {
		start--;
		if (s[start] == '\n' && ++k == n) {
			start++;
			break;
		}
	}
	size_t o = 0;
	for (size_t i = start; i < len && o + 4 < bufsz; i++) {
		if (s[i] == '\n') {
			memcpy(buf + o, " | ", 3);
			o += 3;
		} else {
			buf[o++] = s[i] == '\t' ? ' ' : s[i];
		}
	}
	buf[o] = '\0';
}

/* The last n lines of what was written to fd (a command's output). */
static void fd_tail(int fd, int n, char *tail, size_t tailsz)
{
	tail[0] = '\0';
	off_t len = lseek(fd, 0, SEEK_END);
	if (len <= 0)
		return;
	size_t want = len > 4000 ? 4000 : (size_t)len;
	char *buf = malloc(want);
	if (buf && pread(fd, buf, want, len - (off_t)want) == (ssize_t)want)
		last_lines(buf, want, n, tail, tailsz);
	free(buf);
}

int gs_build_run(const char *label, const char *cmd, const char *dir, const char *out)
{
	char logpath[4200];
	snprintf(logpath, sizeof logpath, "%s.log", out);
	int logfd = open(logpath, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (logfd < 0)
		return gs_fail("%s: cannot create the build log: %s", label, strerror(errno));
	pid_t pid = fork();
	if (pid < 0) {
		close(logfd);
		return gs_fail("%s: fork: %s", label, strerror(errno));
	}
	if (pid == 0) {
		setpgid(0, 0);
		dup2(logfd, STDOUT_FILENO);
		dup2(logfd, STDERR_FILENO);
		int nul = open("/dev/null", O_RDONLY);
		if (nul >= 0)
			dup2(nul, STDIN_FILENO);
		if (chdir(dir) < 0)
			_exit(126);
		setenv("GOSIZE_OUT", out, 1);
		/* an exported tree is no checkout: stamp no VCS data anywhere, so revisions and the
		 * working tree build alike */
		const char *gf = getenv("GOFLAGS");
		char flags[4096];
		snprintf(flags, sizeof flags, "%s%s-buildvcs=false", gf ? gf : "", gf && *gf ? " " : "");
		setenv("GOFLAGS", flags, 1);
		setenv("PWD", dir, 1);
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	child_pid = pid;
	int status;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	child_pid = 0;
	int ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
	int rc = 0;
	if (!ok || access(out, F_OK) != 0) {
		char tail[600];
		fd_tail(logfd, 4, tail, sizeof tail);
		if (!ok)
			rc = gs_fail("%s: build failed (%s %d): %s%s%s", label, WIFEXITED(status) ? "exit" : "signal",
			             WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status), cmd, tail[0] ? ": " : "", tail);
		else
			rc = gs_fail("%s: build succeeded but wrote no binary to $GOSIZE_OUT (%s)", label, cmd);
	}
	close(logfd);
	unlink(logpath);
	return rc;
}

int gs_build_capture(const char *dir, char *const argv[], char **out)
{
	char errpath[] = "/tmp/gosize-capture-XXXXXX";
	int errfd = mkstemp(errpath);
	int fds[2];
	*out = NULL;
	if (errfd < 0)
		return gs_fail("%s: cannot create a temporary file: %s", argv[0], strerror(errno));
	unlink(errpath);
	if (pipe(fds) < 0) {
		close(errfd);
		return gs_fail("%s: pipe: %s", argv[0], strerror(errno));
	}
	pid_t pid = fork();
	if (pid < 0) {
		close(errfd), close(fds[0]), close(fds[1]);
		return gs_fail("%s: fork: %s", argv[0], strerror(errno));
	}
	if (pid == 0) {
		setpgid(0, 0);
		dup2(fds[1], STDOUT_FILENO);
		dup2(errfd, STDERR_FILENO);
		close(fds[0]);
		int nul = open("/dev/null", O_RDONLY);
		if (nul >= 0)
			dup2(nul, STDIN_FILENO);
		if (chdir(dir) < 0)
			_exit(126);
		execvp(argv[0], argv);
		_exit(127);
	}
	child_pid = pid;
	close(fds[1]);
	char *buf = NULL;
	size_t n = 0, cap = 0;
	int rc = 0;
	for (;;) {
		if (gs_grow(&buf, &cap, n + 65536 + 1, 1) < 0) {
			rc = -1;
			break;
		}
		ssize_t r = read(fds[0], buf + n, cap - n - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		n += (size_t)r;
	}
	close(fds[0]);
	int status;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	child_pid = 0;
	if (rc == 0 && !(WIFEXITED(status) && WEXITSTATUS(status) == 0)) {
		char tail[400];
		fd_tail(errfd, 1, tail, sizeof tail);
		rc = gs_fail("%s failed%s%s", argv[0], tail[0] ? ": " : "", tail);
	}
	close(errfd);
	if (rc < 0) {
		free(buf);
		return -1;
	}
	buf[n] = '\0';
	*out = buf;
	return 0;
}
