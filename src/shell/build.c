/* build.c - a target's build command: run, logged, its failure explained. */
#include "shell/build.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/err.h"
#include "shell/proc.h"
#include "shell/isolate.h"
#include "shell/tmpdir.h"
#include "shell/toolexec.h"

/* Prepares an isolated build (isolate.h): the tree and out's directory open to the build
 * user, the module cache filled, env (n entries) its whole environment, with HOME, GOCACHE and
 * GOTMPDIR under tmp. */
static int isolate(const char **env, size_t n, char ***owned, const char *label, const char *dir, const char *out,
                   const char *tmp, const char *toolchain)
{
	char base[4200];
	snprintf(base, sizeof base, "%s/gosize-", gs_tmpdir_base());
	if (strncmp(dir, base, strlen(base)) != 0) /* the working tree is the user's: not opened to anyone */
		return gs_fail("%s: a build as %s (GOSIZE_BUILD_USER) runs in an exported tree only: name a revision",
		               label, gs_isolate_user());
	snprintf(base, sizeof base, "%s", out);
	char *slash = strrchr(base, '/');
	if (slash)
		*slash = '\0';
	if (gs_isolate_share(dir) < 0 || gs_isolate_share(base) < 0)
		return gs_fail_prefix("%s", label);
	gs_isolate_download(dir);
	const char *extra[] = {"GOSIZE_OUT", out, "PWD", dir, toolchain ? "GOTOOLCHAIN" : NULL, toolchain, NULL};
	if (gs_isolate_env(env, n, owned, tmp, extra) < 0)
		return gs_fail_prefix("%s", label);
	/* GOTMPDIR and TMPDIR: tmp/tmp (set by gs_isolate_env) */
	return 0;
}

/* Sets NAME=value in env (pairs, NULL-terminated, n entries with the NULL): replaced, or appended. */
static int env_set(const char **env, size_t n, const char *name, const char *value)
{
	size_t i = 0;
	for (; env[i]; i += 2)
		if (strcmp(env[i], name) == 0) {
			env[i + 1] = value;
			return 0;
		}
	if (i + 2 >= n)
		return -1;
	env[i] = name;
	env[i + 1] = value;
	env[i + 2] = NULL;
	return 0;
}

/* The linker's reachability: go runs every tool through gosize (toolexec.c), which adds -dumpdep
 * to the link alone; the binary and go's cache keys stay the same. Its dumps go to depdir. */
static const char *record_links(const char **env, size_t n, char *goflags, size_t gsz, const char *depdir, int isolated)
{
	const char *why = NULL;
	if (gs_toolexec_goflags(goflags, gsz, getenv("GOFLAGS"), &why) < 0)
		return why;
	if (isolated && !gs_toolexec_runnable_by_others())
		return "gosize's program is not one the build user may run";
	if (env_set(env, n, "GOFLAGS", goflags) < 0 || env_set(env, n, GS_LINKDEP_ENV, depdir) < 0)
		return "the build's environment is full";
	return NULL;
}

int gs_build_run(const char *label, const char *cmd, const char *dir, const char *out, const char *toolchain,
                 const char *depdir, const char **norecord)
{
	char logpath[4200];
	snprintf(logpath, sizeof logpath, "%s.log", out);
	int logfd = open(logpath, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (logfd < 0)
		return gs_fail("%s: cannot create the build log: %s", label, strerror(errno));
	/* Go's work directories (and the command's own temporary files) go into a directory beside
	 * out, inside gosize's temporary directory: removed with it, also when a signal ends gosize */
	char tmp[4200];
	snprintf(tmp, sizeof tmp, "%s.tmp", out);
	if (mkdir(tmp, 0700) < 0 && errno != EEXIST) {
		close(logfd);
		return gs_fail("%s: cannot create %s: %s", label, tmp, strerror(errno));
	}
	char *argv[] = {"sh", "-c", (char *)cmd, NULL};
	/* an exported tree is no checkout: stamp no VCS data anywhere, so revisions and the
	 * working tree build alike, and no git runs in the user's repository or a planted one */
	const char *env[256] = {"GOSIZE_OUT", out, "PWD", dir, "GOTMPDIR", tmp, "TMPDIR", tmp,
	                        toolchain ? "GOTOOLCHAIN" : NULL, toolchain, NULL};
	char **owned = NULL;
	gs_proc p = {dir, "/bin/sh", argv, env, logfd, logfd, -1, gs_isolate_on()};
	if (p.isolated && isolate(env, sizeof env / sizeof *env, &owned, label, dir, out, tmp, toolchain) < 0) {
		gs_isolate_env_free(owned);
		close(logfd);
		unlink(logpath);
		return -1;
	}
	char goflags[8192];
	const char *why = depdir ? record_links(env, sizeof env / sizeof *env, goflags, sizeof goflags, depdir, p.isolated) : NULL;
	if (norecord)
		*norecord = why;
	pid_t pid = gs_proc_start(&p, label);
	if (pid < 0) {
		gs_isolate_env_free(owned);
		close(logfd);
		return -1;
	}
	int timed_out;
	int status = gs_proc_wait(pid, &timed_out);
	gs_isolate_env_free(owned);
	if (p.isolated)
		gs_isolate_kill_all(); /* whatever the build left running, in any process group */
	struct stat st;
	int ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
	int rc = 0;
	if (timed_out) {
		rc = gs_fail("%s: build stopped after %u s (GOSIZE_BUILD_TIMEOUT): %s", label, gs_proc_timeout(), cmd);
	} else if (!ok || lstat(out, &st) != 0 || (p.isolated && !S_ISREG(st.st_mode))) {
		char tail[600];
		gs_proc_fd_tail(logfd, 4, tail, sizeof tail);
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
