/* build.h - running a target's build command (on the process module, proc.h). */
#ifndef GS_BUILD_H
#define GS_BUILD_H

/* Runs `sh -c cmd` in dir with GOSIZE_OUT=out in the environment, and
 * GOTOOLCHAIN=toolchain when toolchain is not NULL. With depdir, the links of
 * the build also record the linker's reachability there (toolexec.h: GOFLAGS
 * gets -toolexec=gosize); *norecord (when not NULL) is then set to why they
 * could not (a static string), or NULL. On failure (exit status, signal,
 * GOSIZE_BUILD_TIMEOUT, no binary written) sets an error with label, the
 * command and the last lines of its output. Output is not shown otherwise.
 * Returns 0 or -1. */
int gs_build_run(const char *label, const char *cmd, const char *dir, const char *out, const char *toolchain,
                 const char *depdir, const char **norecord);

#endif
