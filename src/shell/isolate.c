/* isolate.c - builds as another, unprivileged user (isolate.h). */
#include "shell/isolate.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/err.h"
#include "util/mem.h"
#include "shell/proc.h"
#include "shell/tmpdir.h"

static char user[256];          /* the build user, "" when off */
static uid_t uid;
static gid_t gid;
static int as_root;             /* 1: gosize is root and switches user itself; 0: sudo */
static char sudo[64];
/* sudo -n -u USER -- (the prefix of every command run as the build user without root) */
static const char *sudo_prefix[6];
static const char *no_prefix[1];

int gs_isolate_on(void) { return user[0] != '\0'; }
const char *gs_isolate_user(void) { return user[0] ? user : NULL; }

int gs_isolate_init(void)
{
	const char *u = getenv("GOSIZE_BUILD_USER");
	if (!u || !*u)
		return 0;
	struct passwd *pw = getpwnam(u);
	if (!pw)
		return gs_fail("GOSIZE_BUILD_USER: no user named \"%s\" (create one: useradd --system %s)", u, u);
	if (pw->pw_uid == 0 || pw->pw_uid == geteuid())
		return gs_fail("GOSIZE_BUILD_USER: \"%s\" is %s: builds must run as another, unprivileged user", u,
		               pw->pw_uid == 0 ? "root" : "gosize's own user");
	if (strlen(u) >= sizeof user)
		return gs_fail("GOSIZE_BUILD_USER: the name is too long");
	uid = pw->pw_uid;
	gid = pw->pw_gid;
	as_root = geteuid() == 0;
	if (!as_root) {
		static const char *const where[] = {"/usr/bin/sudo", "/bin/sudo", "/usr/local/bin/sudo", "/usr/sbin/sudo"};
		for (size_t i = 0; i < sizeof where / sizeof *where && !sudo[0]; i++)
			if (access(where[i], X_OK) == 0)
				snprintf(sudo, sizeof sudo, "%s", where[i]);
		if (!sudo[0])
			return gs_fail("GOSIZE_BUILD_USER: gosize is not root and there is no sudo to run builds as %s", u);
	}
	snprintf(user, sizeof user, "%s", u);
	sudo_prefix[0] = sudo;
	sudo_prefix[1] = "-n";
	sudo_prefix[2] = "-u";
	sudo_prefix[3] = user;
	sudo_prefix[4] = "--";
	sudo_prefix[5] = NULL;
	return 0;
}

int gs_isolate_enter(const char *const **prefix)
{
	if (!as_root) {
		*prefix = sudo_prefix;
		return 0;
	}
	*prefix = no_prefix;
	if (setgroups(1, &gid) < 0 || setresgid(gid, gid, gid) < 0 || setresuid(uid, uid, uid) < 0)
		return -1;
	return 0;
}

/* Runs argv as the build user and waits for it (fork, switch or sudo, execve with an empty
 * environment). Async-signal-safe. */
static void run_as(char *const *argv)
{
	pid_t pid = fork();
	if (pid == 0) {
		static char *const envp[] = {"PATH=/usr/bin:/bin", NULL};
		const char *const *prefix;
		int nul = open("/dev/null", O_RDWR);
		if (nul >= 0) {
			dup2(nul, 0);
			dup2(nul, 1);
			dup2(nul, 2);
		}
		if (gs_isolate_enter(&prefix) < 0)
			_exit(126);
		const char *all[64];
		int n = 0;
		for (int i = 0; prefix[i] && n < 60; i++)
			all[n++] = prefix[i];
		for (int i = 0; argv[i] && n < 63; i++)
			all[n++] = argv[i];
		all[n] = NULL;
		execve(all[0], (char *const *)all, envp);
		_exit(127);
	}
	if (pid > 0)
		while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
			;
}

void gs_isolate_kill_all(void)
{
	if (!user[0])
		return;
	if (as_root) { /* a child with the user's ids kills every process of the user but itself */
		pid_t pid = fork();
		if (pid == 0) {
			if (setgroups(1, &gid) < 0 || setresgid(gid, gid, gid) < 0 || setresuid(uid, uid, uid) < 0)
				_exit(126);
			kill(-1, SIGKILL);
			_exit(0);
		}
		if (pid > 0)
			while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
				;
		return;
	}
	static char *const kill_argv[] = {"/bin/kill", "-KILL", "-1", NULL};
	run_as(kill_argv);
}

void gs_isolate_sweep(char *const *dirs)
{
	if (!user[0] || !dirs[0])
		return;
	char *argv[40];
	int n = 0;
	argv[n++] = "/bin/rm";
	argv[n++] = "-rf";
	argv[n++] = "--";
	for (int i = 0; dirs[i] && n < 39; i++)
		argv[n++] = dirs[i];
	argv[n] = NULL;
	run_as(argv);
}

static int share_cb(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)ftw;
	if (flag == FTW_SL || S_ISLNK(st->st_mode))
		return 0;
	mode_t m = S_ISDIR(st->st_mode) ? 0777 : (st->st_mode & 0777) | 0666;
	return chmod(path, m) < 0 ? -1 : 0;
}

int gs_isolate_share(const char *dir)
{
	if (nftw(dir, share_cb, 16, FTW_PHYS) != 0)
		return gs_fail("cannot open %s to the build user %s: %s", dir, user, strerror(errno));
	return 0;
}

/* A variable of the caller's environment the build may see: the path, locale and time zone,
 * and what configures go and cgo (never a token: names are listed, not filtered). */
static int passed(const char *name, size_t len)
{
	static const char *const exact[] = {"PATH", "LANG", "LANGUAGE", "TZ", "TERM", "CC", "CXX", "AR", "PKG_CONFIG",
	                                    "PKG_CONFIG_PATH", "SOURCE_DATE_EPOCH", NULL};
	static const char *const own[] = {"GOCACHE", "GOTMPDIR", "GOPATH", "GOMODCACHE", "GOPROXY", "GOENV",
	                                  "GOTOOLCHAIN", NULL};
	for (int i = 0; own[i]; i++)
		if (strlen(own[i]) == len && memcmp(name, own[i], len) == 0)
			return 0;
	for (int i = 0; exact[i]; i++)
		if (strlen(exact[i]) == len && memcmp(name, exact[i], len) == 0)
			return 1;
	if (len >= 7 && memcmp(name, "GOSIZE_", 7) == 0)
		return 0;
	return (len > 3 && memcmp(name, "LC_", 3) == 0) || (len > 2 && memcmp(name, "GO", 2) == 0) ||
	       (len > 4 && memcmp(name, "CGO_", 4) == 0);
}

/* gosize's own Go build cache (GOCACHE, else `go env GOCACHE`), or "" */
static const char *own_gocache(void)
{
	static char path[4096];
	static int done;
	if (done)
		return path;
	done = 1;
	const char *m = getenv("GOCACHE");
	char *text = NULL;
	if (m && *m) {
		snprintf(path, sizeof path, "%s", m);
	} else {
		char *argv[] = {"go", "env", "GOCACHE", NULL};
		if (gs_proc_capture(&text, ".", argv) == 0)
			snprintf(path, sizeof path, "%s", text);
		free(text);
		path[strcspn(path, "\r\n")] = '\0';
	}
	if (strcmp(path, "off") == 0 || path[0] != '/')
		path[0] = '\0';
	return path;
}

static const char *seed_from, *seed_to;
static size_t seed_from_len;

static int seed_cb(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)ftw;
	char dst[8192];
	const char *rel = path + seed_from_len;
	const char *name = strrchr(path, '/');
	name = name ? name + 1 : path;
	if (snprintf(dst, sizeof dst, "%s%s", seed_to, rel) >= (int)sizeof dst)
		return FTW_STOP;
	if (flag == FTW_D) {
		if (!*rel)
			return FTW_CONTINUE;
		if ((mkdir(dst, 0777) < 0 && errno != EEXIST) || chmod(dst, 0777) < 0)
			return FTW_STOP;
		return FTW_CONTINUE;
	}
	/* entries, never the files go rewrites in place (trim.txt, README); another file system: stop */
	if (flag != FTW_F || !S_ISREG(st->st_mode) || st->st_uid != geteuid() || (st->st_mode & 022) ||
	    strcmp(name, "trim.txt") == 0 ||
	    strcmp(name, "README") == 0)
		return FTW_CONTINUE;
	return link(path, dst) == 0 || errno == EEXIST ? FTW_CONTINUE : FTW_STOP;
}

/* Seeds the build's fresh Go cache at to with hard links to gosize's own cache's entries: the
 * build reads them (the standard library compiled once, not per build) but cannot change them
 * (they are gosize's user's, not writable by others), and what it adds stays in its own copy.
 * Best effort: another file system, or any error, leaves the cache partly seeded (a missing
 * entry is a cache miss). */
static void seed_gocache(const char *to)
{
	static char from[4096];
	struct stat st;
	if (!own_gocache()[0] || !realpath(own_gocache(), from) || stat(from, &st) < 0 || !S_ISDIR(st.st_mode) ||
	    st.st_uid != geteuid())
		return;
	seed_from = from;
	seed_from_len = strlen(from);
	seed_to = to;
	nftw(from, seed_cb, 16, FTW_PHYS | FTW_ACTIONRETVAL);
}

static const char *modcache(void)
{
	static char path[4096];
	if (path[0])
		return path;
	const char *m = getenv("GOMODCACHE");
	char *text = NULL;
	if (m && *m) {
		snprintf(path, sizeof path, "%s", m);
	} else {
		char *argv[] = {"go", "env", "GOMODCACHE", NULL};
		if (gs_proc_capture(&text, ".", argv) == 0)
			snprintf(path, sizeof path, "%s", text);
		free(text);
		path[strcspn(path, "\r\n")] = '\0';
	}
	if (!path[0])
		snprintf(path, sizeof path, "/nonexistent-gomodcache");
	return path;
}

int gs_isolate_env(const char **env, size_t n, char ***owned, const char *base, const char *const *extra)
{
	extern char **environ;
	static const char *const dirs[] = {"home", "gocache", "tmp", NULL};
	size_t nenv = 0, o = 0, k = 0;
	while (environ[nenv])
		nenv++;
	char **own = *owned = gs_calloc(nenv + 4, sizeof *own); /* the three directories and the names passed */
	if (!own)
		return -1;
	for (int i = 0; dirs[i]; i++) {
		size_t len = strlen(base) + 2 + strlen(dirs[i]);
		if (!(own[o] = malloc(len)))
			return gs_fail("out of memory");
		snprintf(own[o], len, "%s/%s", base, dirs[i]);
		if ((mkdir(own[o], 0777) < 0 && errno != EEXIST) || chmod(own[o], 0777) < 0)
			return gs_fail("cannot create %s: %s", own[o], strerror(errno));
		o++;
	}
	seed_gocache(own[1]);
	const char *set[] = {"HOME", own[0], "USER", user, "LOGNAME", user, "GOCACHE", own[1], "GOTMPDIR", own[2],
	                     "TMPDIR", own[2], "GOMODCACHE", modcache(), "GOPROXY", "off", "GOTOOLCHAIN", "local", NULL};
	for (int i = 0; set[i] && k + 3 <= n; i += 2) {
		env[k++] = set[i];
		env[k++] = set[i + 1];
	}
	for (int i = 0; extra && extra[i] && k + 3 <= n; i += 2) {
		env[k++] = extra[i];
		env[k++] = extra[i + 1];
	}
	for (char **e = environ; *e && k + 3 <= n; e++) {
		const char *eq = strchr(*e, '=');
		if (!eq || !passed(*e, (size_t)(eq - *e)))
			continue;
		if (!(own[o] = gs_strndup(*e, (size_t)(eq - *e))))
			return -1;
		env[k++] = own[o++];
		env[k++] = eq + 1;
	}
	env[k] = NULL;
	return 0;
}

void gs_isolate_env_free(char **owned)
{
	for (size_t i = 0; owned && owned[i]; i++)
		free(owned[i]);
	free(owned);
}

void gs_isolate_download(const char *dir)
{
	char gomod[4200];
	snprintf(gomod, sizeof gomod, "%s/go.mod", dir);
	if (access(gomod, F_OK) != 0)
		return;
	int nul = open("/dev/null", O_WRONLY);
	if (nul < 0)
		return;
	char *argv[] = {"go", "mod", "download", NULL};
	const char *env[] = {"GOTOOLCHAIN", "local", "GOMODCACHE", modcache(), NULL};
	gs_proc p = {dir, NULL, argv, env, nul, nul, -1, 0};
	pid_t pid = gs_proc_start(&p, "go mod download");
	if (pid > 0)
		gs_proc_wait(pid, NULL);
	close(nul);
}

int gs_isolate_capture(char **out, const char *dir, char *const argv[])
{
	*out = NULL;
	char *base = gs_tmpdir_new("iso");
	if (!base)
		return -1;
	const char *env[256];
	char **owned = NULL;
	int rc = gs_isolate_share(dir) < 0 || gs_isolate_share(base) < 0 ||
	                 gs_isolate_env(env, sizeof env / sizeof *env, &owned, base, NULL) < 0
	             ? -1
	             : gs_proc_capture_env(out, dir, argv, env, 1);
	gs_isolate_env_free(owned);
	gs_isolate_kill_all();
	gs_tmpdir_remove(base);
	free(base);
	return rc;
}
