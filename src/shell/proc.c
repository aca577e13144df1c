/* proc.c - child processes and the signals that stop them (proc.h). */
#include "shell/proc.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/err.h"
#include "util/mem.h"
#include "shell/tmpdir.h"
#include "shell/isolate.h"

#define CAPTURE_MAX (64u << 20)
static volatile pid_t child_pid;          /* the running child's process (group), or 0 */
static volatile sig_atomic_t caught;      /* the signal that asks gosize to stop, or 0 */
static volatile sig_atomic_t kill_phase;  /* SIGALRM: 1 = the child's time is up (SIGTERM), 2 = grace over (SIGKILL); 3 = killed */
static volatile sig_atomic_t timed_out;
static volatile sig_atomic_t child_isolated; /* the running child is a build as the build user (isolate.h) */
static unsigned grace_s = 5, timeout_s;

/* Signals the running build's process group (and the process itself, in case it has not
 * made its group yet). Async-signal-safe. */
static void signal_child(int sig)
{
	pid_t c = child_pid;
	if (c > 0) {
		kill(-c, sig);
		kill(c, sig);
		if (child_isolated) { /* run through sudo, its processes are not gosize's to signal: all killed */
			int saved = errno;
			gs_isolate_kill_all();
			errno = saved;
		}
	}
}

/* A signal whose default action dumps core (SIGQUIT) ends gosize without a core file in
 * the working directory. Async-signal-safe. */
static void no_core(int sig)
{
	if (sig == SIGQUIT) {
		struct rlimit rl = {0, 0};
		setrlimit(RLIMIT_CORE, &rl);
	}
}

/* The signals that end gosize: each one stops the build's process group and removes the
 * temporary directories before gosize ends by it. SIGALRM ends gosize only when a process
 * sent it (kill, sigqueue): the kernel's own, from alarm(), is the build timer. */
static const int ending[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGPIPE, SIGALRM};
#define NENDING (sizeof ending / sizeof *ending)

/* An ending signal: only async-signal-safe work here. The build gets SIGTERM and, after
 * the grace period, SIGKILL (from the timer); the temporary directories are removed
 * and the signal re-raised in normal context (gs_proc_check_interrupt). A second signal kills the
 * build at once; one more (or a second one while no build runs) ends gosize at once, after the
 * temporary directories are removed from the handler (gs_tmpdir_remove_all_in_handler). */
static void on_signal(int sig)
{
	if (caught) { /* again: the build is killed now (then cleanup as above); a third time ends gosize */
		if (child_pid > 0 && kill_phase != 3) {
			signal_child(SIGKILL);
			kill_phase = 3;
			return;
		}
		int saved = errno;
		gs_tmpdir_remove_all_in_handler();
		errno = saved;
		no_core(sig);
		signal(sig, SIG_DFL);
		raise(sig);
		return;
	}
	caught = sig;
	if (child_pid > 0) {
		signal_child(SIGTERM);
		kill_phase = 2;
		alarm(grace_s);
	}
}

static void on_alarm(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	if (si && si->si_code <= 0) { /* SI_USER, SI_QUEUE, SI_TKILL…: sent by a process, not the timer */
		on_signal(sig);
		return;
	}
	if (kill_phase == 1) {
		timed_out = 1;
		signal_child(SIGTERM);
		kill_phase = 2;
		alarm(grace_s);
	} else if (kill_phase == 2) {
		signal_child(SIGKILL);
	}
}

static unsigned env_seconds(const char *name, unsigned def)
{
	const char *v = getenv(name);
	char *end;
	if (!v || !*v)
		return def;
	errno = 0;
	unsigned long n = strtoul(v, &end, 10);
	return errno || *end || n > 86400 ? def : (unsigned)n;
}

void gs_proc_install_signals(void)
{
	grace_s = env_seconds("GOSIZE_KILL_GRACE", 5);
	if (!grace_s)
		grace_s = 1;
	timeout_s = env_seconds("GOSIZE_BUILD_TIMEOUT", 0);
	struct sigaction sa, old;
	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < NENDING; i++)
		sigaddset(&sa.sa_mask, ending[i]);
	for (size_t i = 0; i < NENDING; i++) {
		/* a signal ignored when gosize started (nohup, a background job) stays ignored; SIGALRM
		 * (the timer) and SIGPIPE (a reader gone) are always handled */
		if (sigaction(ending[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN && ending[i] != SIGALRM &&
		    ending[i] != SIGPIPE)
			continue;
		if (ending[i] == SIGALRM) {
			sa.sa_sigaction = on_alarm;
			sa.sa_flags = SA_SIGINFO; /* no SA_RESTART: a blocking wait returns EINTR */
		} else {
			sa.sa_handler = on_signal;
			sa.sa_flags = 0;
		}
		sigaction(ending[i], &sa, NULL);
	}
}

int gs_proc_interrupted(void) { return caught != 0; }

void gs_proc_check_interrupt(void)
{
	int sig = caught;
	if (!sig)
		return;
	alarm(0);
	gs_tmpdir_remove_all();
	if (sig != SIGPIPE) /* stdout's reader may be what is gone */
		fflush(stdout);
	no_core(sig);
	signal(sig, SIG_DFL);
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, sig);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	raise(sig);
	_exit(128 + sig);
}

/* In a forked child, before exec: the environment every command gosize runs gets. Go stamps no
 * VCS data (-buildvcs=false merged into the user's GOFLAGS), so it runs no git; and git, if the
 * build command runs it, cannot be pointed at a repository by the caller's environment, cannot
 * search above the temporary directory's parent, and opens no bare repository it finds. */
static void child_env(void)
{
	static const char *repo_vars[] = {"GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY",
	                                  "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_COMMON_DIR", "GIT_NAMESPACE",
	                                  "GIT_IMPLICIT_WORK_TREE", "GIT_GRAFT_FILE", "GIT_SHALLOW_FILE", "GIT_PREFIX",
	                                  "GIT_CONFIG", "GIT_CONFIG_PARAMETERS", "GIT_NO_REPLACE_OBJECTS",
	                                  "GIT_REPLACE_REF_BASE", "GIT_DISCOVERY_ACROSS_FILESYSTEM", "GIT_QUARANTINE_PATH"};
	for (size_t i = 0; i < sizeof repo_vars / sizeof *repo_vars; i++)
		unsetenv(repo_vars[i]);
	/* the caller's GIT_CONFIG_COUNT entries stay; one is added */
	const char *cnt = getenv("GIT_CONFIG_COUNT");
	char *end;
	unsigned long n = cnt && *cnt ? strtoul(cnt, &end, 10) : 0;
	if (cnt && *cnt && (*end || n > 1000))
		n = 0;
	char k[64], v[32];
	snprintf(k, sizeof k, "GIT_CONFIG_KEY_%lu", n);
	setenv(k, "safe.bareRepository", 1);
	snprintf(k, sizeof k, "GIT_CONFIG_VALUE_%lu", n);
	setenv(k, "explicit", 1);
	snprintf(v, sizeof v, "%lu", n + 1);
	setenv("GIT_CONFIG_COUNT", v, 1);
	setenv("GIT_CEILING_DIRECTORIES", gs_tmpdir_base(), 1);
	/* GOFLAGS: the caller's flags without their -buildvcs, then -buildvcs=false */
	const char *gf = getenv("GOFLAGS");
	char flags[8192];
	size_t o = 0;
	flags[0] = '\0';
	for (const char *p = gf ? gf : ""; *p;) {
		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		size_t len = strcspn(p, " \t\n");
		if (!len)
			break;
		const char *f = p[0] == '-' && p[1] == '-' ? p + 2 : p + 1;
		int vcs = p[0] == '-' && strncmp(f, "buildvcs", 8) == 0 && (f[8] == '=' || f + 8 == p + len);
		if (!vcs && o + len + 2 < sizeof flags) {
			memcpy(flags + o, p, len);
			o += len;
			flags[o++] = ' ';
		}
		p += len;
	}
	snprintf(flags + o, sizeof flags - o, "-buildvcs=false");
	setenv("GOFLAGS", flags, 1);
}

/* Waits for the child (proc.h); on a signal (or the timeout) it has had SIGTERM, then SIGKILL after
 * the grace period, from the signal handlers. Once the child has ended, and before it is reaped (its
 * pid, the group's id, cannot be reused meanwhile), whatever is left of its process group is
 * killed: nothing the build started outlives it. Returns its status. */
int gs_proc_wait(pid_t pid, int *timed_out_out)
{
	int status = 0x7f00; /* as "exit 127" */
	siginfo_t si;
	for (;;) {
		memset(&si, 0, sizeof si);
		if (waitid(P_PID, (id_t)pid, &si, WEXITED | WNOWAIT) == 0)
			break;
		if (errno != EINTR)
			break;
	}
	kill(-pid, SIGKILL);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	alarm(0);
	kill_phase = 0;
	child_pid = 0;
	child_isolated = 0;
	gs_proc_check_interrupt();
	if (timed_out_out)
		*timed_out_out = timed_out;
	return status;
}

static void start_child(pid_t pid, unsigned timeout, int isolated)
{
	setpgid(pid, pid);
	timed_out = 0;
	child_isolated = isolated;
	child_pid = pid;
	if (caught) {
		signal_child(SIGTERM);
		kill_phase = 2;
		alarm(grace_s);
	} else if (timeout) {
		kill_phase = 1;
		alarm(timeout);
	}
}

/* In the forked child: runs p as the build user (isolate.h), as root by switching to it, else
 * through sudo, whose reset environment is given back by env -i NAME=VALUE…. Does not return. */
static void exec_isolated(const gs_proc *p)
{
	extern char **environ;
	const char *const *prefix;
	if (gs_isolate_enter(&prefix) < 0)
		_exit(126);
	if (!prefix[0]) {
		if (p->exe)
			execv(p->exe, p->argv);
		else
			execvp(p->argv[0], p->argv);
		_exit(127);
	}
	size_t n = 0, k = 0, ne = 0, na = 0;
	while (prefix[n])
		n++;
	while (environ[ne])
		ne++;
	while (p->argv[na])
		na++;
	const char **all = calloc(n + ne + na + 4, sizeof *all);
	if (!all)
		_exit(127);
	for (size_t i = 0; i < n; i++)
		all[k++] = prefix[i];
	all[k++] = "/usr/bin/env";
	all[k++] = "-i";
	for (size_t i = 0; i < ne; i++)
		all[k++] = environ[i];
	all[k++] = p->exe ? p->exe : p->argv[0];
	for (size_t i = 1; i < na; i++)
		all[k++] = p->argv[i];
	all[k] = NULL;
	execv(all[0], (char *const *)all);
	_exit(127);
}

/* In the forked child: its own process group, the default action for every ending signal
 * (one that arrived since the fork acts now), stdin from /dev/null, the descriptors,
 * directory and environment of p, then exec. Written once for every child gosize runs. */
static void child_exec(const gs_proc *p, const sigset_t *mask)
{
	setpgid(0, 0);
	for (size_t i = 0; i < NENDING; i++)
		signal(ending[i], SIG_DFL);
	sigprocmask(SIG_SETMASK, mask, NULL);
	dup2(p->out_fd, STDOUT_FILENO);
	dup2(p->err_fd, STDERR_FILENO);
	if (p->close_fd >= 0)
		close(p->close_fd);
	int nul = open("/dev/null", O_RDONLY);
	if (nul >= 0)
		dup2(nul, STDIN_FILENO);
	if (chdir(p->dir) < 0)
		_exit(126);
	if (p->isolated)
		clearenv();
	for (const char *const *e = p->env; e && e[0]; e += 2)
		setenv(e[0], e[1], 1);
	child_env();
	if (p->isolated)
		exec_isolated(p);
	if (p->exe)
		execv(p->exe, p->argv);
	else
		execvp(p->argv[0], p->argv);
	_exit(127);
}

pid_t gs_proc_start(const gs_proc *p, const char *label)
{
	gs_proc_check_interrupt(); /* stopping already: start nothing */
	/* the ending signals wait until the child's pid is known (the handler relays them to it) */
	sigset_t block, old;
	sigemptyset(&block);
	for (size_t i = 0; i < NENDING; i++)
		sigaddset(&block, ending[i]);
	sigprocmask(SIG_BLOCK, &block, &old);
	pid_t pid = fork();
	if (pid < 0) {
		int e = errno;
		sigprocmask(SIG_SETMASK, &old, NULL);
		gs_fail("%s: fork: %s", label, strerror(e));
		return -1;
	}
	if (pid == 0)
		child_exec(p, &old);
	start_child(pid, timeout_s, p->isolated);
	sigprocmask(SIG_SETMASK, &old, NULL);
	return pid;
}

unsigned gs_proc_timeout(void) { return timeout_s; }

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
void gs_proc_fd_tail(int fd, int n, char *tail, size_t tailsz)
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

int gs_proc_capture(char **out, const char *dir, char *const argv[])
{
	return gs_proc_capture_env(out, dir, argv, NULL, 0);
}

int gs_proc_capture_env(char **out, const char *dir, char *const argv[], const char *const *env, int isolated)
{
	char errpath[4200];
	snprintf(errpath, sizeof errpath, "%s/gosize-capture-XXXXXX", gs_tmpdir_base());
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
	gs_proc p = {dir, NULL, argv, env, fds[1], errfd, fds[0], isolated};
	pid_t pid = gs_proc_start(&p, argv[0]);
	if (pid < 0) {
		close(errfd), close(fds[0]), close(fds[1]);
		return -1;
	}
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
		if (n > CAPTURE_MAX) {
			rc = gs_fail("%s: more than 64 MiB of output", argv[0]);
			break;
		}
	}
	close(fds[0]);
	int late;
	int status = gs_proc_wait(pid, &late);
	if (rc == 0 && late)
		rc = gs_fail("%s stopped after %u s (GOSIZE_BUILD_TIMEOUT)", argv[0], timeout_s);
	else if (rc == 0 && !(WIFEXITED(status) && WEXITSTATUS(status) == 0)) {
		char tail[400];
		gs_proc_fd_tail(errfd, 1, tail, sizeof tail);
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
