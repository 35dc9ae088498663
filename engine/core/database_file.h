// A database file someone hands over (File › Open, `vastuu check`), read without writing anything
// next to it: what its bytes say before SQLite reads them (empty, not SQLite, cut short, WAL mode),
// and a writable in-memory copy of it, on which Engine::inspect_file runs check_database().
#pragma once
#include <sqlite3.h>

#include <string>
#include <vector>

#include "core/result.h"

namespace vastuu {

// Reads the file at `path` into a new in-memory connection of its own (the caller closes it), after
// checking its bytes. Refuses: "db.cannot_open", "db.empty_file", "db.not_a_database" (no SQLite
// header), "db.truncated" (shorter than its header's page count says: "N bytes of M"), "db.corrupt"
// (a header SQLite cannot read), "db.wal_pending" (a WAL-mode file with a non-empty -wal next to it:
// its latest changes are in that file, which reading it would mean writing a -shm beside it).
// A WAL-mode file without its -wal is accepted with "db.wal_missing" added to `warnings`.
// Messages name the file `shown_as`; SQLite's and the system's own words go to the detail.
// Never opens the file with SQLite, so no -journal, -wal or -shm appears beside it; the copy is
// writable, so SQLite's integrity_check checks CHECK constraints on it (it skips them read-only).
Result<sqlite3*> open_file_copy(const std::string& path, const std::string& shown_as, std::vector<Error>& warnings);

}  // namespace vastuu
