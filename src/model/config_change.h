/* config_change.h - what a pull request's config changes against the config
 * of the revision it merges into: budgets (limits, levels; added, removed),
 * the override policy, the toolchain key, a target's build command. The base
 * config judges; these changes are listed and apply after merge. Pure. */
#ifndef GS_CONFIG_CHANGE_H
#define GS_CONFIG_CHANGE_H

#include <stddef.h>

#include "model/config.h"
#include "util/sb.h"

/* Appends the budget changes from base to head, "growth +64.0 KiB →
 * +100.0 MiB; adds package:x ≤ 1.0 MiB; removes total +1%; override footer
 * → none" (budgets matched by name, else scope, in order), and returns how
 * many there are (0: nothing appended). */
size_t gs_config_budget_changes(gs_sb *o, const gs_config *base, const gs_config *head);

/* Appends "OLD → NEW" when target's build command differs between the
 * configs (a target missing on one side reads "none"); returns 1, else 0. */
int gs_config_target_change(gs_sb *o, const gs_config *base, const gs_config *head, const char *target);

#endif
