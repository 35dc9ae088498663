// The database schema and its migrations. The schema version is PRAGMA user_version; migrate()
// brings any older database up to kSchemaVersion inside one transaction.
#pragma once
#include <sqlite3.h>

#include "core/result.h"

namespace vastuu {

constexpr int kSchemaVersion = 4;  // 2: sync_log (the team server); 3: change-log indexes (Changes view); 4: sync_undo (undo per person)

// Applies every migration from the database's user_version up to kSchemaVersion.
// Refuses (code "db.newer_version") a database written by a newer Vastuu.
Status migrate(sqlite3* db);

// Checks that the schema of an open database is exactly what this Vastuu makes for the database's
// user_version (every table, column, type, constraint and index; no trigger or view of its own),
// by comparing sqlite_schema with the migrations run on an empty database. Cheap: Engine::open runs
// it before migrating. A database with user_version 0 and no tables passes (a new one).
// Refuses: "db.newer_version"; "db.foreign_schema" (tables with user_version 0, or none of Vastuu's
// tables as Vastuu makes them); "db.altered_schema" (naming the first extra, missing or different
// object, the detail listing them all, with the SQL); "db.corrupt" when SQLite cannot read it.
// SQLite's statistics tables (sqlite_stat1, sqlite_stat4) are tolerated.
Status check_schema(sqlite3* db);

// check_schema(), then the rows: integrity_check (damage is "db.corrupt"; rows breaking a CHECK,
// NOT NULL or UNIQUE are "db.invalid_rows"), then foreign_key_check ("db.broken_references").
// The SQLite text is in the error's detail. An empty database (user_version 0) is "db.foreign_schema".
// Does not change anything. Run it on a writable connection: on a read-only one SQLite's
// integrity_check skips CHECK constraints (Engine::inspect_file uses an in-memory copy).
Status check_database(sqlite3* db);

}  // namespace vastuu
