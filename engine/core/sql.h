// A small RAII wrapper around sqlite3_stmt, so that every early return finalizes its statement,
// plus the few helpers the engine uses everywhere (exec, error values). Engine-internal: views
// never see SQL.
#pragma once
#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace vastuu {

// One prepared statement. Binding indexes are 1-based and columns 0-based, as in SQLite.
// A statement that failed to prepare reports !ok(); stepping it answers SQLITE_MISUSE.
class Stmt {
public:
    Stmt(sqlite3* db, std::string_view sql);
    ~Stmt() { sqlite3_finalize(st_); }
    Stmt(const Stmt&) = delete;
    Stmt& operator=(const Stmt&) = delete;
    Stmt(Stmt&& other) noexcept : st_(other.st_) { other.st_ = nullptr; }

    bool ok() const { return st_ != nullptr; }
    sqlite3_stmt* get() { return st_; }

    Stmt& bind(int i, int64_t v) { sqlite3_bind_int64(st_, i, v); return *this; }
    Stmt& bind(int i, int v) { sqlite3_bind_int64(st_, i, v); return *this; }
    Stmt& bind(int i, std::string_view v) {
        // SQLITE_TRANSIENT: callers often pass temporaries; a copy is cheap next to a statement step.
        sqlite3_bind_text(st_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
        return *this;
    }
    Stmt& bind(int i, const char* v) { return bind(i, std::string_view(v)); }
    Stmt& bind(int i, const std::string& v) { return bind(i, std::string_view(v)); }
    Stmt& bind_null(int i) { sqlite3_bind_null(st_, i); return *this; }
    // Binds NULL for 0 (the "none" id) and the value otherwise: nullable foreign keys.
    Stmt& bind_id_or_null(int i, int64_t id) { return id ? bind(i, id) : bind_null(i); }
    // Binds NULL for "" and the text otherwise: nullable text columns such as dates.
    Stmt& bind_text_or_null(int i, std::string_view v) { return v.empty() ? bind_null(i) : bind(i, v); }

    int step() { return st_ ? sqlite3_step(st_) : SQLITE_MISUSE; }
    bool row() { return step() == SQLITE_ROW; }  // one step; true while rows come
    bool done() { return step() == SQLITE_DONE; }  // one step of a statement without rows
    void reset() { sqlite3_reset(st_); sqlite3_clear_bindings(st_); }

    bool is_null(int c) { return sqlite3_column_type(st_, c) == SQLITE_NULL; }
    int64_t int64(int c) { return sqlite3_column_int64(st_, c); }
    std::string text(int c) {
        const unsigned char* p = sqlite3_column_text(st_, c);
        return p ? std::string(reinterpret_cast<const char*>(p), static_cast<size_t>(sqlite3_column_bytes(st_, c)))
                 : std::string();
    }
    std::string_view text_view(int c) {  // valid until the next step or reset
        const unsigned char* p = sqlite3_column_text(st_, c);
        return p ? std::string_view(reinterpret_cast<const char*>(p), static_cast<size_t>(sqlite3_column_bytes(st_, c)))
                 : std::string_view();
    }

private:
    sqlite3_stmt* st_ = nullptr;
};

// "db.sqlite" with SQLite's own message: a failure that no user input should cause; "db.full" (the
// same message) when SQLite's error is SQLITE_FULL, the disk or the file system being full.
Error sqlite_failure(sqlite3* db, const char* what);

// Runs SQL without results (several statements allowed); a failure as sqlite_failure() names it.
Status exec(sqlite3* db, const char* sql);

// The number of rows of `table` (a name the caller writes, never user input), 0 on failure: for
// reserving before a load. SQLite counts from the table's b-tree without decoding the rows.
int64_t table_row_count(sqlite3* db, const char* table);

// Many reads under one shared lock and one consistent snapshot: outside a transaction every
// statement takes and drops the lock itself (file-system calls each time, slow in the browser).
// Does nothing inside a transaction already open; ends its own (reads only) when it goes.
class ReadTransaction {
public:
    explicit ReadTransaction(sqlite3* db)
        : db_(sqlite3_get_autocommit(db) && sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) == SQLITE_OK ? db
                                                                                                             : nullptr) {}
    ~ReadTransaction() {
        if (db_) sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr);
    }
    ReadTransaction(const ReadTransaction&) = delete;
    ReadTransaction& operator=(const ReadTransaction&) = delete;

private:
    sqlite3* db_;
};

}  // namespace vastuu
