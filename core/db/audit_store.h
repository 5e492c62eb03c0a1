/* dun.audit (migrations 029, 030): what must be answerable for later. A
 * bulk export of personal data (the --json and --csv outputs of queue,
 * metrics and thanks; templates export) is recorded before it is written
 * out: who (the agent acting, and the database role), when, what, how many
 * rows. A supervisor's take-over of an account is recorded by
 * core/db/lease_store. */
#ifndef DUN_DB_AUDIT_STORE_H
#define DUN_DB_AUDIT_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct db;

/** Record an export: agent_id (0: none resolved), what ("queue --json for
 *  sato"), rows. False with err when it could not be recorded: the caller
 *  then writes nothing out. */
bool audit_export(struct db *db, int64_t agent_id, const char *what, long long rows, char *err, size_t errlen);

#endif
