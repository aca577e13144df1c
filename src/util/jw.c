/* jw.c - streaming JSON writer. */
#include "util/jw.h"

#include <string.h>

#include "util/esc.h"

void gs_jw_str(gs_sb *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF"; /* as jansson writes them */
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t n = strlen((const char *)p), i = 0, run = 0;
	gs_sb_putn(b, "\"", 1);
	while (i < n) {
		if (n - i >= 8 && gs_json_plain8(p + i)) {
			i += 8, run += 8;
			continue;
		}
		unsigned c = p[i];
		if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
			i++, run++;
			continue;
		}
		if (c >= 0x80) {
			size_t k = gs_utf8_seq(p + i, n - i, NULL);
			if (k) {
				i += k, run += k;
				continue;
			}
		}
		gs_sb_putn(b, (const char *)p + i - run, run);
		run = 0;
		if (c >= 0x80) {
			gs_sb_putn(b, "\xef\xbf\xbd", 3);
		} else {
			char e[7] = {'\\', 0};
			size_t en = 2;
			switch (c) {
			case '"': e[1] = '"'; break;
			case '\\': e[1] = '\\'; break;
			case '\b': e[1] = 'b'; break;
			case '\f': e[1] = 'f'; break;
			case '\n': e[1] = 'n'; break;
			case '\r': e[1] = 'r'; break;
			case '\t': e[1] = 't'; break;
			default:
				memcpy(e + 1, "u00", 3);
				e[4] = hex[c >> 4], e[5] = hex[c & 15], en = 6;
			}
			gs_sb_putn(b, e, en);
		}
		i++;
	}
	gs_sb_putn(b, (const char *)p + i - run, run);
	gs_sb_putn(b, "\"", 1);
}

void gs_jw_key(gs_sb *b, const char *k)
{
	gs_jw_str(b, k);
	gs_sb_putn(b, ":", 1);
}

void gs_jw_u64(gs_sb *b, uint64_t v)
{
	char d[24], *e = d + sizeof d, *q = e;
	do
		*--q = (char)('0' + v % 10);
	while (v /= 10);
	gs_sb_putn(b, q, (size_t)(e - q));
}
