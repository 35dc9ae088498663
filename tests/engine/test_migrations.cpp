// Opening and checking database files: new files get the current schema, files from a newer Vastuu,
// files that are not SQLite and SQLite files of other programs are refused with their codes.
// Temporary files live in the working directory (the tests also run as wasm under node's NODERAWFS).
#include <doctest/doctest.h>

#include <cstdio>
#include <string>

#include "core/engine.h"
#include "core/schema.h"

using namespace vastuu;
using nlohmann::json;

namespace {

// A file name in the working directory, removed before and after the test.
struct TempFile {
    std::string path;
    explicit TempFile(const char* name) : path(std::string("engine_test_") + name) { remove(); }
    ~TempFile() { remove(); }
    void remove() const {
        std::remove(path.c_str());
        std::remove((path + "-journal").c_str());
    }
};

void write_bytes(const std::string& path, const std::string& bytes) {
    std::FILE* f = std::fopen(path.c_str(), "wb");
    REQUIRE(f);
    std::fwrite(bytes.data(), 1, bytes.size(), f);
    std::fclose(f);
}

// Runs SQL on a file with plain SQLite (no engine): how other programs make files.
void raw_sql(const std::string& path, const char* sql) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    char* msg = nullptr;
    int rc = sqlite3_exec(db, sql, nullptr, nullptr, &msg);
    INFO((msg ? msg : ""));
    sqlite3_free(msg);
    sqlite3_close(db);
    REQUIRE(rc == SQLITE_OK);
}

int64_t user_version(sqlite3* db) {
    sqlite3_stmt* st = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_step(st) == SQLITE_ROW);
    int64_t v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

}  // namespace

TEST_CASE("a new database gets the current schema version") {
    auto e = Engine::open(":memory:");
    REQUIRE(e.ok());
    CHECK(user_version((*e)->handle()) == kSchemaVersion);
    CHECK(kSchemaVersion == 4);
    CHECK(check_database((*e)->handle()).ok());
}

TEST_CASE("a new database file is created, passes check_file, and keeps its data when reopened") {
    TempFile file("reopen.sqlite");
    {
        auto e = Engine::open(file.path);
        REQUIRE(e.ok());
        CHECK((*e)->path() == file.path);
        REQUIRE((*e)->execute({{"cmd", "customer.create"}, {"name", "Pysyvä Oy"}}).ok());
    }
    CHECK(Engine::check_file(file.path).ok());
    auto e = Engine::open(file.path);
    REQUIRE(e.ok());
    auto customers = (*e)->list_customers({});
    REQUIRE(customers.size() == 1);
    CHECK(customers[0].name == "Pysyvä Oy");
    // The undo history belongs to the session, not the file.
    CHECK_FALSE((*e)->can_undo());
}

TEST_CASE("a database from a newer Vastuu is refused on open and on check") {
    TempFile file("newer.sqlite");
    { REQUIRE(Engine::open(file.path).ok()); }
    raw_sql(file.path, "PRAGMA user_version = 99");
    auto e = Engine::open(file.path);
    REQUIRE_FALSE(e.ok());
    CHECK(e.error().code == "db.newer_version");
    CHECK(e.error().message.find("99") != std::string::npos);
    CHECK(Engine::check_file(file.path).error().code == "db.newer_version");
}

TEST_CASE("a file that is not SQLite is refused on check and on open") {
    TempFile file("text.sqlite");
    write_bytes(file.path, "This is a shopping list, not a database.\nMilk\nBread\n" + std::string(600, 'x'));
    auto status = Engine::check_file(file.path);
    REQUIRE_FALSE(status.ok());
    CHECK(status.error().code == "db.not_a_database");
    auto e = Engine::open(file.path);
    REQUIRE_FALSE(e.ok());
    CHECK(e.error().code == "db.not_a_database");
}

TEST_CASE("an empty file and one cut inside SQLite's 16-byte magic are refused by check_file") {
    TempFile file("empty.sqlite");
    write_bytes(file.path, "");
    CHECK(Engine::check_file(file.path).error().code == "db.empty_file");
    write_bytes(file.path, "SQLite for");
    CHECK(Engine::check_file(file.path).error().code == "db.not_a_database");
}

TEST_CASE("a missing file cannot be checked") {
    CHECK(Engine::check_file("engine_test_no_such_file.sqlite").error().code == "db.cannot_open");
}

TEST_CASE("an SQLite file of another program is refused as a foreign schema") {
    TempFile file("foreign.sqlite");
    raw_sql(file.path, "CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)");
    CHECK(Engine::check_file(file.path).error().code == "db.foreign_schema");
    auto e = Engine::open(file.path);
    REQUIRE_FALSE(e.ok());
    CHECK(e.error().code == "db.foreign_schema");
    // Refusing must not have written our tables into the other program's file.
    CHECK(Engine::check_file(file.path).error().code == "db.foreign_schema");
}

TEST_CASE("a file with our version but a missing table fails the check as an altered schema") {
    TempFile file("missing_table.sqlite");
    { REQUIRE(Engine::open(file.path).ok()); }
    raw_sql(file.path, "DROP TABLE setting");
    auto status = Engine::check_file(file.path);
    REQUIRE_FALSE(status.ok());
    CHECK(status.error().code == "db.altered_schema");
    CHECK(status.error().message.find("setting") != std::string::npos);
}

TEST_CASE("check_file does not change the file") {
    TempFile file("unchanged.sqlite");
    { REQUIRE(Engine::open(file.path).ok()); }
    auto read_all = [&] {
        std::string bytes;
        std::FILE* f = std::fopen(file.path.c_str(), "rb");
        REQUIRE(f);
        char buf[4096];
        size_t n;
        while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) bytes.append(buf, n);
        std::fclose(f);
        return bytes;
    };
    const std::string before = read_all();
    CHECK(Engine::check_file(file.path).ok());
    CHECK(read_all() == before);
}

TEST_CASE("opening turns foreign keys on") {
    auto e = Engine::open(":memory:");
    REQUIRE(e.ok());
    sqlite3_stmt* st = nullptr;
    REQUIRE(sqlite3_prepare_v2((*e)->handle(), "PRAGMA foreign_keys", -1, &st, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_step(st) == SQLITE_ROW);
    CHECK(sqlite3_column_int(st, 0) == 1);
    sqlite3_finalize(st);
}

TEST_CASE("the database keeps the rollback journal, not WAL") {
    TempFile file("journal.sqlite");
    auto e = Engine::open(file.path);
    REQUIRE(e.ok());
    sqlite3_stmt* st = nullptr;
    REQUIRE(sqlite3_prepare_v2((*e)->handle(), "PRAGMA journal_mode", -1, &st, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_step(st) == SQLITE_ROW);
    CHECK(std::string(reinterpret_cast<const char*>(sqlite3_column_text(st, 0))) == "delete");
    sqlite3_finalize(st);
}
