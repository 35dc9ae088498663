// The database schema and its migrations. The schema version is PRAGMA user_version; migrate()
// brings any older database up to kSchemaVersion inside one transaction.
#pragma once
#include <sqlite3.h>

#include "core/result.h"

namespace vastuu {

constexpr int kSchemaVersion = 3;  // 2: sync_log (the team server); 3: change-log indexes (Changes view)

// Applies every migration from the database's user_version up to kSchemaVersion.
// Refuses (code "db.newer_version") a database written by a newer Vastuu.
Status migrate(sqlite3* db);

// Checks that an open database is one of ours and sound: integrity_check passes, foreign keys hold,
// user_version is known, the expected tables exist. Does not change anything.
Status check_database(sqlite3* db);

}  // namespace vastuu
