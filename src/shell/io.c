/* io.c - file input (mmap) and atomic output. */
#include "shell/io.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/err.h"
#include "util/mem.h"

int gs_file_map(gs_file *f, const char *path)
{
	memset(f, 0, sizeof *f);
	f->fd = -1;
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return gs_fail("cannot open: %s", strerror(errno));
	struct stat st;
	if (fstat(fd, &st) < 0) {
		int e = errno;
		close(fd);
		return gs_fail("cannot stat: %s", strerror(e));
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return gs_fail("not a regular file");
	}
	f->size = (uint64_t)st.st_size;
	if (f->size == 0) {
		close(fd);
		return 0;
	}
	/* Private and writable so libelf may use the buffer as it likes; nothing reaches the file. */
	void *p = mmap(NULL, (size_t)f->size, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	if (p == MAP_FAILED) {
		int e = errno;
		close(fd);
		return gs_fail("cannot map: %s", strerror(e));
	}
	f->data = p;
	f->mapped = 1;
	f->fd = fd; /* kept for reads that need not map (the hash: gs_sha256_start) */
	return 0;
}

void gs_file_unmap(gs_file *f)
{
	if (f->mapped) {
		munmap(f->data, (size_t)f->size);
		close(f->fd);
	} else
		free(f->data);
	memset(f, 0, sizeof *f);
}

int gs_file_read(char **out, size_t *len, const char *path)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return gs_fail("cannot open: %s", strerror(errno));
	char *buf = NULL;
	size_t n = 0, cap = 0;
	for (;;) {
		if (gs_grow(&buf, &cap, n + 65536 + 1, 1) < 0) {
			fclose(fp);
			free(buf);
			return -1;
		}
		size_t r = fread(buf + n, 1, cap - n - 1, fp);
		n += r;
		if (r == 0)
			break;
		if (n > GS_TEXT_MAX) {
			fclose(fp);
			free(buf);
			return gs_fail("larger than %u MiB: not a text file gosize reads", GS_TEXT_MAX >> 20);
		}
	}
	int err = ferror(fp);
	fclose(fp);
	if (err) {
		free(buf);
		return gs_fail("read error");
	}
	buf[n] = '\0';
	*out = buf;
	*len = n;
	return 0;
}

/* mkstemp makes 0600 files; give the output the mode a plain fopen would. */
static int chmod_default(const char *path)
{
	mode_t m = umask(0);
	umask(m);
	return chmod(path, 0666 & ~m);
}

int gs_fd_write_all(int fd, const char *data, size_t len)
{
	while (len) {
		ssize_t w = write(fd, data, len);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		data += w;
		len -= (size_t)w;
	}
	return 0;
}

int gs_file_write_atomic(const char *path, const char *data, size_t len)
{
	if (strcmp(path, "-") == 0) {
		if (fwrite(data, 1, len, stdout) != len || fflush(stdout) != 0)
			return gs_fail("cannot write to standard output: %s", strerror(errno));
		return 0;
	}
	/* a device or pipe (/dev/null, /dev/stdout, a fifo) is written in place:
	 * renaming over it would replace it */
	struct stat st;
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		int fd = open(path, O_WRONLY);
		if (fd < 0)
			return gs_fail("cannot open %s: %s", path, strerror(errno));
		int rc = gs_fd_write_all(fd, data, len);
		int e = errno;
		if (close(fd) < 0 && rc == 0)
			rc = -1, e = errno;
		return rc < 0 ? gs_fail("cannot write %s: %s", path, strerror(e)) : 0;
	}
	size_t n = strlen(path);
	char *tmp = malloc(n + 16);
	if (!tmp)
		return gs_fail("out of memory");
	snprintf(tmp, n + 16, "%s.tmpXXXXXX", path);
	int fd = mkstemp(tmp);
	if (fd < 0) {
		int e = errno;
		free(tmp);
		return gs_fail("cannot create %s: %s", path, strerror(e));
	}
	int rc = gs_fd_write_all(fd, data, len);
	int e = errno;
	if (rc == 0 && fsync(fd) < 0 && errno != EINVAL)
		rc = -1, e = errno;
	if (close(fd) < 0 && rc == 0)
		rc = -1, e = errno;
	if (rc == 0 && (chmod_default(tmp) < 0 || rename(tmp, path) < 0))
		rc = -1, e = errno;
	if (rc < 0) {
		unlink(tmp);
		free(tmp);
		return gs_fail("cannot write %s: %s", path, strerror(e));
	}
	free(tmp);
	return 0;
}

size_t gs_fd_read_full(int fd, char *buf, size_t n)
{
	size_t got = 0;
	while (got < n) {
		ssize_t r = read(fd, buf + got, n - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	return got;
}
