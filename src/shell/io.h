/* io.h - the edges: mapping an input file, writing an output file atomically. */
#ifndef GS_IO_H
#define GS_IO_H

#include <stddef.h>
#include <stdint.h>

typedef struct gs_file {
	uint8_t *data;
	uint64_t size;
	int mapped;  /* 1: mmap'd; 0: malloc'd (or empty) */
	int fd;      /* the mapped file, open while it is mapped; -1 when not mapped */
} gs_file;

/* Maps path read-only (private, never written back). Returns 0 or -1 with the
 * error set (not prefixed with the path: callers add it). */
int gs_file_map(gs_file *f, const char *path);
void gs_file_unmap(gs_file *f);

#define GS_TEXT_MAX (16u << 20)

/* Reads a whole (text) file of at most GS_TEXT_MAX bytes (a config) into a
 * NUL-terminated buffer; a larger file or endless device (/dev/zero) is an error. Returns 0 or -1. */
int gs_file_read(char **out, size_t *len, const char *path);

/* Writes data to path through a temporary file in the same directory and a
 * rename, so readers never see a partial file. "-" writes stdout. Returns 0 or -1. */
int gs_file_write_atomic(const char *path, const char *data, size_t len);

/* Reads up to n bytes from fd into buf (retrying short reads and EINTR) and
 * returns how many it read: fewer than n at end of file or on an error. */
size_t gs_fd_read_full(int fd, char *buf, size_t n);

/* Writes all len bytes to fd (retrying short writes and EINTR); -1 with errno set. */
int gs_fd_write_all(int fd, const char *data, size_t len);

#endif
