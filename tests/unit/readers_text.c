/* readers_text.c: the text readers on every cut and one-byte corruption of
 * input they accept: snapshots of schema 1 and 2 (the tree loader) and 3 (the
 * pull parser), and the config; each loads, or fails with a message of its own
 * (never -1 with no message, never a crash under ASan). */
#include "readers.h"

#include "model/config.h"
#include "model/snapshot_json.h"

/* JSON's structure, a digit, a byte that is not UTF-8, a NUL */
static const uint8_t chars[] = {'"', '}', '9', 0xff, 0x00};

static int read_snapshot(const uint8_t *d, size_t n, void *ctx)
{
	(void)ctx;
	gs_snapshot s;
	int rc = gs_snapshot_from_text(&s, (const char *)d, n);
	if (rc == 0)
		gs_snapshot_dispose(&s);
	return rc;
}

static int read_config(const uint8_t *d, size_t n, void *ctx)
{
	(void)ctx;
	gs_config c;
	int rc = gs_config_parse(&c, (const char *)d, n);
	if (rc == 0)
		gs_config_dispose(&c);
	return rc;
}

static void text_case(const char *what, const char *text, size_t step, unit_reader read)
{
	size_t n = strlen(text);
	CHECK(read((const uint8_t *)text, n, NULL) == 0, "%s loads: %s", what, gs_errmsg());
	unit_mut m;
	unit_mutate(what, (const uint8_t *)text, n, step, chars, sizeof chars, read, NULL, &m);
	CHECK(m.silent == 0 && m.odd == 0, "%s: %zu of %zu failures had no message, %zu odd results", what, m.silent,
	      m.failed, m.odd);
	CHECK(m.failed > n / step, "%s: %zu of %zu mutations failed", what, m.failed, m.failed + m.ok);
}

static const char *CONFIG =
	"{\"targets\": [{\"name\": \"app\", \"build\": \"go build -o \\\"$GOSIZE_OUT\\\" ./cmd/app\"}],\n"
	" \"min_change\": \"1KiB\", \"top\": 8, \"override_footer\": \"Binary-Size\",\n"
	" \"budgets\": [{\"name\": \"total\", \"scope\": \"total\", \"max_increase\": \"5%\", \"max_size\": \"20MB\","
	" \"level\": \"warn\"},\n"
	"  {\"scope\": \"package:example.com/app/*\", \"max_increase\": \"16KiB\"},\n"
	"  {\"scope\": \"section:.rodata\", \"max_size\": \"2MiB\"},\n"
	"  {\"scope\": \"module:*\", \"new\": \"error\"}]}\n";

void unit_readers_text(void)
{
	text_case("snapshot schema 1", unit_snap1, 4, read_snapshot);
	text_case("snapshot schema 2", unit_snap2, 4, read_snapshot);
	text_case("snapshot schema 3", unit_snap3, 4, read_snapshot);
	text_case("config", CONFIG, 1, read_config);
}
