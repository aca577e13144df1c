/* config.c - load and validate .gosize.json. */
#include "model/config.h"

#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/err.h"
#include "util/json.h"
#include "util/mem.h"

void gs_config_dispose(gs_config *c)
{
	free(c->path);
	for (size_t i = 0; i < c->ntargets; i++) {
		free(c->targets[i].name);
		free(c->targets[i].build);
	}
	for (size_t i = 0; i < c->nbudgets; i++) {
		free(c->budgets[i].name);
		free(c->budgets[i].scope_text);
		free(c->budgets[i].glob);
	}
	free(c->targets);
	free(c->budgets);
	free(c->override_footer);
	free(c->override_label);
	memset(c, 0, sizeof *c);
}

const char *gs_override_name(gs_override o)
{
	return o == GS_OVERRIDE_LABEL ? "label" : o == GS_OVERRIDE_NONE ? "none" : "footer";
}

int gs_limit_parse(gs_limit *l, const char *s, int allow_pct, const char *what)
{
	static const struct {
		const char *unit;
		double mul;
	} units[] = {{"", 1}, {"B", 1}, {"KB", 1e3}, {"MB", 1e6}, {"GB", 1e9}, {"KiB", 1024.0}, {"MiB", 1048576.0},
	             {"GiB", 1073741824.0}};
	/* exactly what this key accepts */
	const char *units_list = allow_pct ? "B, KB, KiB, MB, MiB, GB, GiB or %" : "B, KB, KiB, MB, MiB, GB or GiB";
	memset(l, 0, sizeof *l);
	/* strictly DIGITS[.DIGITS] [UNIT|%]: no sign, exponent, hex, inf or nan */
	const char *p = s;
	while (*p == ' ')
		p++;
	const char *num = p;
	size_t ndig = 0, nfrac = 0;
	while (isdigit((unsigned char)*p))
		p++, ndig++;
	if (*p == '.') {
		p++;
		while (isdigit((unsigned char)*p))
			p++, nfrac++;
	}
	if (!ndig || (*(p - 1) == '.') || ndig > 18 || nfrac > 9)
		return gs_fail("%s: \"%s\" is not a size (a number and a unit: %s; e.g. 16KiB, 1.5MB%s)", what, s, units_list,
		               allow_pct ? ", 1%" : "");
	char buf[32];
	snprintf(buf, sizeof buf, "%.*s", (int)(p - num), num);
	double v = strtod(buf, NULL);
	const char *end = p;
	while (*end == ' ')
		end++;
	if (*end == '%') {
		if (!allow_pct)
			return gs_fail("%s: \"%s\" is a percentage; this takes a size (%s)", what, s, units_list);
		if (end[1])
			return gs_fail("%s: bad unit in \"%s\" (%s)", what, s, units_list);
		if (v > 1e6)
			return gs_fail("%s: \"%s\" is too large", what, s);
		l->set = l->is_pct = 1;
		l->pct = v;
		return 0;
	}
	for (size_t i = 0; i < sizeof units / sizeof *units; i++)
		if (strcasecmp(end, units[i].unit) == 0) {
			double b = v * units[i].mul;
			if (!(b <= 9e18))
				return gs_fail("%s: \"%s\" is too large", what, s);
			l->set = 1;
			l->bytes = (uint64_t)(b + 0.5);
			return 0;
		}
	return gs_fail("%s: bad unit \"%s\" in \"%s\" (%s)", what, end, s, units_list);
}

static int json_limit(gs_limit *l, json_t *v, int allow_pct, const char *what)
{
	if (json_is_integer(v)) {
		if (json_integer_value(v) < 0)
			return gs_fail("%s: a size cannot be negative", what);
		memset(l, 0, sizeof *l);
		l->set = 1;
		l->bytes = (uint64_t)json_integer_value(v);
		return 0;
	}
	if (!json_is_string(v))
		return gs_fail("%s: expected a size string like \"16KiB\"", what);
	return gs_limit_parse(l, json_string_value(v), allow_pct, what);
}

static int parse_level(gs_level *out, json_t *v, const char *what)
{
	const char *s = json_is_string(v) ? json_string_value(v) : NULL;
	if (s && strcmp(s, "warn") == 0)
		*out = GS_LVL_WARN;
	else if (s && strcmp(s, "error") == 0)
		*out = GS_LVL_ERROR;
	else
		return gs_fail("%s: expected \"warn\" or \"error\"", what);
	return 0;
}

/* A glob is valid when its brackets close. */
static int glob_ok(const char *g)
{
	for (const char *p = g; *p; p++) {
		if (*p == '\\' && p[1])
			p++;
		else if (*p == '[') {
			const char *q = p + 1;
			if (*q == '!' || *q == '^')
				q++;
			if (*q == ']')
				q++;
			while (*q && *q != ']')
				q++;
			if (!*q)
				return 0;
			p = q;
		}
	}
	return *g != '\0';
}

static int parse_budget(gs_budget *b, json_t *o, size_t i)
{
	char what[96];
	const char *k;
	json_t *v;
	snprintf(what, sizeof what, "budgets[%zu]", i);
	if (!json_is_object(o))
		return gs_fail("%s: expected an object", what);
	b->level = GS_LVL_ERROR;
	json_t *lv = json_object_get(o, "level");
	char lw[128];
	snprintf(lw, sizeof lw, "%s.level", what);
	if (lv && parse_level(&b->level, lv, lw) < 0)
		return -1;
	json_object_foreach(o, k, v) {
		char kw[128];
		snprintf(kw, sizeof kw, "%s.%s", what, k);
		if (strcmp(k, "scope") == 0) {
			if (!json_is_string(v))
				return gs_fail("%s: expected a string", kw);
			const char *s = json_string_value(v);
			if (!(b->scope_text = gs_strdup(s)))
				return -1;
			static const struct {
				const char *prefix;
				gs_scope scope;
			} scopes[] = {{"section:", GS_SCOPE_SECTION}, {"package:", GS_SCOPE_PACKAGE}, {"module:", GS_SCOPE_MODULE}};
			if (strcmp(s, "total") == 0 || strcmp(s, "dce") == 0) {
				b->scope = strcmp(s, "dce") == 0 ? GS_SCOPE_DCE : GS_SCOPE_TOTAL;
				continue;
			}
			size_t j = 0;
			for (; j < sizeof scopes / sizeof *scopes; j++)
				if (strncmp(s, scopes[j].prefix, strlen(scopes[j].prefix)) == 0)
					break;
			if (j == sizeof scopes / sizeof *scopes)
				return gs_fail("%s: unknown scope \"%s\" (total, dce, section:NAME, package:GLOB or module:GLOB)", kw, s);
			b->scope = scopes[j].scope;
			const char *g = s + strlen(scopes[j].prefix);
			if (!glob_ok(g))
				return gs_fail("%s: bad glob \"%s\"", kw, g);
			if (!(b->glob = gs_strdup(g)))
				return -1;
		} else if (strcmp(k, "name") == 0) {
			if (!json_is_string(v) || !*json_string_value(v) || strlen(json_string_value(v)) > 200)
				return gs_fail("%s: expected a non-empty string (at most 200 bytes)", kw);
			if (!(b->name = gs_strdup(json_string_value(v))))
				return -1;
		} else if (strcmp(k, "max_increase") == 0) {
			if (json_limit(&b->max_increase, v, 1, kw) < 0)
				return -1;
		} else if (strcmp(k, "max_size") == 0) {
			if (json_limit(&b->max_size, v, 0, kw) < 0)
				return -1;
		} else if (strcmp(k, "new") == 0) {
			if (parse_level(&b->new_level, v, kw) < 0)
				return -1;
		} else if (strcmp(k, "level") != 0) {
			return gs_fail("%s: unknown key (name, scope, max_increase, max_size, new, level)", kw);
		}
	}
	if (!b->scope_text)
		return gs_fail("%s: \"scope\" is missing", what);
	if (b->scope == GS_SCOPE_DCE) /* broken when dead-code elimination of methods turns off */
		return b->max_increase.set || b->max_size.set || b->new_level
		           ? gs_fail("%s: the dce scope takes no limit (it fails when dead-code elimination turns off)", what)
		           : 0;
	if (!b->max_increase.set && !b->max_size.set && !b->new_level)
		return gs_fail("%s: no limit (max_increase, max_size or new)", what);
	if (b->new_level && b->scope != GS_SCOPE_PACKAGE && b->scope != GS_SCOPE_MODULE)
		return gs_fail("%s.new: only package: and module: scopes can have new ones", what);
	return 0;
}

/* "targets": [{"name": ..., "build": ...}, ...] */
static int parse_targets(gs_config *c, const json_t *v)
{
	size_t i;
	json_t *t;
	json_array_foreach(v, i, t) {
		json_t *n = json_object_get(t, "name"), *bld = json_object_get(t, "build");
		if (!json_is_object(t) || !json_is_string(n) || !json_is_string(bld) || json_object_size(t) != 2)
			return gs_fail("targets[%zu]: expected {\"name\": \"...\", \"build\": \"...\"}", i);
		char what[40];
		snprintf(what, sizeof what, "targets[%zu].name", i);
		if (gs_config_name_check(what, json_string_value(n)) < 0)
			return -1;
		for (size_t x = 0; x < c->ntargets; x++)
			if (strcmp(c->targets[x].name, json_string_value(n)) == 0)
				return gs_fail("targets[%zu]: duplicate name \"%s\"", i, json_string_value(n));
		gs_target *tg = GS_PUSH(c->targets, c->ntargets, c->targets_cap);
		if (!tg || !(tg->name = gs_strdup(json_string_value(n))) || !(tg->build = gs_strdup(json_string_value(bld))))
			return -1;
	}
	return 0;
}

/* Who may accept a broken budget: "override" (footer, label or none), the
 * footer's trailer name and the label's name. */
static int parse_override(gs_config *c, const char *k, const json_t *v)
{
	if (strcmp(k, "override_footer") == 0) {
		/* a git trailer key (letters, digits, '-'); it is shown in reports */
		if (!json_is_string(v) || !*json_string_value(v) ||
		    strspn(json_string_value(v), "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-") !=
		        strlen(json_string_value(v)))
			return gs_fail("override_footer: expected a trailer name like \"Binary-Size\"");
		return (c->override_footer = gs_strdup(json_string_value(v))) ? 0 : -1;
	}
	if (strcmp(k, "override") == 0) {
		const char *o = json_is_string(v) ? json_string_value(v) : "";
		if (strcmp(o, "footer") == 0)
			c->override = GS_OVERRIDE_FOOTER;
		else if (strcmp(o, "label") == 0)
			c->override = GS_OVERRIDE_LABEL;
		else if (strcmp(o, "none") == 0)
			c->override = GS_OVERRIDE_NONE;
		else
			return gs_fail("override: expected \"footer\", \"label\" or \"none\"");
		return 0;
	}
	/* override_label: a GitHub label: at most 50 characters, no control characters */
	const char *l = json_is_string(v) ? json_string_value(v) : NULL;
	int ok = l && *l && strlen(l) <= 200;
	for (const unsigned char *q = (const unsigned char *)l; ok && *q; q++)
		ok = *q >= 0x20 && *q != 0x7f;
	if (!ok)
		return gs_fail("override_label: expected a label name (no control characters, at most 200 bytes)");
	return (c->override_label = gs_strdup(l)) ? 0 : -1;
}

int gs_config_parse(gs_config *c, const char *text, size_t len)
{
	memset(c, 0, sizeof *c);
	json_t *j = gs_json_parse(text, len);
	if (!j)
		return -1;
	int rc = -1;
	const char *k;
	json_t *v;
	if (!json_is_object(j)) {
		gs_fail("expected a JSON object");
		goto out;
	}
	json_object_foreach(j, k, v) {
		if ((strcmp(k, "targets") == 0 || strcmp(k, "budgets") == 0) && !json_is_array(v)) {
			gs_fail("%s: expected an array", k);
			goto out;
		}
		if (strcmp(k, "targets") == 0) {
			if (parse_targets(c, v) < 0)
				goto out;
		} else if (strcmp(k, "budgets") == 0) {
			size_t i;
			json_t *b;
			json_array_foreach(v, i, b) {
				gs_budget *bg = GS_PUSH(c->budgets, c->nbudgets, c->budgets_cap);
				if (!bg || parse_budget(bg, b, i) < 0)
					goto out;
			}
		} else if (strcmp(k, "min_change") == 0) {
			gs_limit l;
			if (json_limit(&l, v, 0, "min_change") < 0)
				goto out;
			c->min_change = l.bytes;
		} else if (strcmp(k, "override_footer") == 0 || strcmp(k, "override") == 0 || strcmp(k, "override_label") == 0) {
			if (parse_override(c, k, v) < 0)
				goto out;
		} else if (strcmp(k, "budgets_include_toolchain") == 0) {
			if (!json_is_boolean(v)) {
				gs_fail("budgets_include_toolchain: expected true or false");
				goto out;
			}
			c->budgets_include_toolchain = json_is_true(v);
		} else if (strcmp(k, "top") == 0) {
			if (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > 10000) {
				gs_fail("top: expected a whole number from 1 to 10000");
				goto out;
			}
			c->top = (long)json_integer_value(v);
		} else {
			gs_fail("%s: unknown key (targets, budgets, min_change, override, override_footer, override_label, "
			        "budgets_include_toolchain, top)", k);
			goto out;
		}
	}
	rc = 0;
out:
	json_decref(j);
	if (rc == 0 && !c->override_footer && !(c->override_footer = gs_strdup("Binary-Size")))
		rc = -1;
	if (rc == 0 && !c->override_label && !(c->override_label = gs_strdup("binary-size-ok")))
		rc = -1;
	if (rc < 0)
		gs_config_dispose(c);
	return rc;
}

int gs_config_name_check(const char *what, const char *name)
{
	size_t n = strlen(name);
	if (n == 0 || n > 100)
		return gs_fail("%s: a name of 1 to 100 bytes is needed (it names the report and its comment)", what);
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)name[i];
		if (ch < 0x20 || ch == 0x7f || ch == '<' || ch == '>' || (ch == '-' && name[i + 1] == '-'))
			return gs_fail("%s: a name cannot hold control characters, '<', '>' or \"--\" "
			               "(it goes into the comment's marker <!-- gosize:NAME -->)",
			               what);
	}
	return 0;
}
