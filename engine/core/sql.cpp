// The RAII statement wrapper and the shared SQL helpers declared in sql.h.
#include "core/sql.h"

#include <string>

#include "core/i18n.h"

namespace vastuu {

Stmt::Stmt(sqlite3* db, std::string_view sql) {
    if (sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &st_, nullptr) != SQLITE_OK) {
        sqlite3_finalize(st_);
        st_ = nullptr;
    }
}

namespace {

// SQLITE_FULL (the disk or the file system is full) has a code of its own: the team server answers
// it as a full disk rather than as an internal error (docs/team-protocol.md).
const char* failure_code(int rc) { return (rc & 0xff) == SQLITE_FULL ? "db.full" : "db.sqlite"; }

}  // namespace

Error sqlite_failure(sqlite3* db, const char* what) {
    return Error{failure_code(sqlite3_errcode(db)), tr_format("error.db.sqlite", {what, sqlite3_errmsg(db)}), ""};
}

Status exec(sqlite3* db, const char* sql) {
    char* msg = nullptr;
    const int rc = sqlite3_exec(db, sql, nullptr, nullptr, &msg);
    if (rc == SQLITE_OK) return {};
    Error e{failure_code(rc), tr_format("error.db.sqlite", {sql, msg ? msg : sqlite3_errmsg(db)}), ""};
    sqlite3_free(msg);
    return e;
}

int64_t table_row_count(sqlite3* db, const char* table) {
    Stmt st(db, std::string("SELECT count(*) FROM ") + table);
    return st.row() ? st.int64(0) : 0;
}

}  // namespace vastuu
