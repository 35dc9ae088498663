// The engine under test, shared by every engine test (as tests/ui/ui_harness.h is by the UI's): an
// in-memory database on a fixed clock, commands that must pass or must be refused, plain SQL for
// setting up and reading back, and a snapshot of every table the schema has — read from
// sqlite_master, so that a new table is in every "nothing changed" check without a list to update.
#pragma once
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/engine.h"
#include "core/sql.h"

namespace vastuu_test {

// [SECTION] Opening
// The day and time most tests run on, and the actor their change log names.
constexpr const char* kTestToday = "2026-03-02";
constexpr const char* kTestNow = "2026-03-02T08:00:00Z";
constexpr const char* kTestActor = "Tester";

// A fixed clock: every run writes the same change log and measures "active" against the same day.
inline vastuu::EngineOptions fixed_clock(const std::string& today = kTestToday, const std::string& now_utc = kTestNow) {
    vastuu::EngineOptions o;
    o.actor = kTestActor;
    o.now_utc = [now_utc] { return now_utc; };
    o.today = [today] { return today; };
    return o;
}

// A new in-memory database, migrated, on `options` (by default the fixed clock).
inline std::unique_ptr<vastuu::Engine> open_memory(vastuu::EngineOptions options = fixed_clock()) {
    auto r = vastuu::Engine::open(":memory:", std::move(options));
    REQUIRE(r.ok());
    return std::move(r.value());
}

// [SECTION] Commands
// Runs a command that must succeed; its answer.
inline nlohmann::json run(vastuu::Engine& e, const nlohmann::json& cmd) {
    auto r = e.execute(cmd);
    INFO(cmd.dump().substr(0, 300), " -> ", r.ok() ? std::string() : r.error().code + ": " + r.error().message);
    REQUIRE(r.ok());
    return r.value();
}

// Runs a command that must succeed and answer with an id; the id.
inline int64_t id_of(vastuu::Engine& e, const nlohmann::json& cmd) {
    nlohmann::json answer = run(e, cmd);
    INFO(cmd.dump().substr(0, 300), " -> ", answer.dump());
    REQUIRE(answer.contains("id"));
    return answer["id"].get<int64_t>();
}

// Runs a command that must be refused; the error (tests assert on its code).
inline vastuu::Error refused(vastuu::Engine& e, const nlohmann::json& cmd) {
    auto r = e.execute(cmd);
    INFO(cmd.dump().substr(0, 300));
    REQUIRE_FALSE(r.ok());
    return r.error();
}

// [SECTION] SQL
// Runs SQL that must succeed (test set-up that no command makes, such as rows with chosen ids).
inline void sql(vastuu::Engine& e, const std::string& text) {
    auto st = vastuu::exec(e.handle(), text.c_str());
    INFO(text.substr(0, 300), " -> ", st.ok() ? std::string() : st.error().message);
    REQUIRE(st.ok());
}

// The first column of the first row of `query` (a count, an id).
inline int64_t scalar(sqlite3* db, const std::string& query) {
    vastuu::Stmt st(db, query);
    INFO(query);
    REQUIRE(st.ok());
    REQUIRE(st.row());
    return st.int64(0);
}
inline int64_t scalar(vastuu::Engine& e, const std::string& query) { return scalar(e.handle(), query); }
// The same for text ("" for NULL).
inline std::string text_scalar(vastuu::Engine& e, const std::string& query) {
    vastuu::Stmt st(e.handle(), query);
    INFO(query);
    REQUIRE(st.ok());
    REQUIRE(st.row());
    return st.text(0);
}

// [SECTION] Snapshots
// Every table of the schema, in the order it was created (sqlite_master), SQLite's own left out,
// and the `leave_out` ones.
inline std::vector<std::string> schema_tables(sqlite3* db, std::initializer_list<const char*> leave_out = {}) {
    std::vector<std::string> out;
    vastuu::Stmt st(db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
                        " ORDER BY rowid");
    REQUIRE(st.ok());
    while (st.row()) {
        std::string name = st.text(0);
        bool skip = false;
        for (const char* t : leave_out) skip = skip || name == t;
        if (!skip) out.push_back(std::move(name));
    }
    return out;
}

// Every row of `table` as text, ordered by every column: each value with its storage class
// ("1=5|3=Äijälä Oy|5=NULL|"), so 5 and '5' differ.
inline std::string table_rows(sqlite3* db, const std::string& table) {
    sqlite3_stmt* st = nullptr;
    std::string columns;
    REQUIRE(sqlite3_prepare_v2(db, ("SELECT * FROM \"" + table + "\" LIMIT 0").c_str(), -1, &st, nullptr) == SQLITE_OK);
    for (int i = 1; i <= sqlite3_column_count(st); ++i) columns += (i > 1 ? ", " : "") + std::to_string(i);
    sqlite3_finalize(st);
    std::string out;
    const std::string query = "SELECT * FROM \"" + table + "\" ORDER BY " + columns;
    REQUIRE(sqlite3_prepare_v2(db, query.c_str(), -1, &st, nullptr) == SQLITE_OK);
    while (sqlite3_step(st) == SQLITE_ROW) {
        for (int i = 0; i < sqlite3_column_count(st); ++i) {
            const unsigned char* v = sqlite3_column_text(st, i);
            out += std::to_string(sqlite3_column_type(st, i)) + "=";
            out += v ? reinterpret_cast<const char*>(v) : "NULL";
            out += "|";
        }
        out += "\n";
    }
    sqlite3_finalize(st);
    return out;
}

// Every row of every table (schema_tables() but `leave_out`): "nothing changed" compares two of these.
inline std::string snapshot(sqlite3* db, std::initializer_list<const char*> leave_out = {}) {
    std::string out;
    for (const std::string& table : schema_tables(db, leave_out)) out += table + ":\n" + table_rows(db, table);
    return out;
}
inline std::string snapshot(vastuu::Engine& e, std::initializer_list<const char*> leave_out = {}) {
    return snapshot(e.handle(), leave_out);
}

}  // namespace vastuu_test
