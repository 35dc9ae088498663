// Database files someone hands over that are not what they seem (issue #17 items 2 and 9): altered
// schemas (an extra trigger, a dropped column or UNIQUE, a view), rows that break the schema's rules,
// broken foreign keys, truncated, empty and foreign files, WAL mode. Each is refused by check_file
// (and the schema ones by Engine::open too) with its own code, one sentence in the user's language,
// SQLite's own text in the detail, and nothing written to the file or next to it.
// Temporary files live in the working directory (the tests also run as wasm under node's NODERAWFS).
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "core/engine.h"
#include "core/i18n.h"
#include "core/schema.h"
#include "engine_harness.h"
#include "io/demo_data.h"

using namespace vastuu;
using namespace vastuu_test;

namespace {

// [SECTION] Files
bool exists(const std::string& path) { return std::ifstream(path).good(); }

std::string read_all(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void write_all(const std::string& path, const std::string& bytes) {
    std::ofstream(path, std::ios::binary | std::ios::trunc).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// A file in the working directory with the names SQLite could put next to it, all removed before
// and after the test.
struct TempFile {
    std::string path;
    explicit TempFile(const char* name) : path(std::string("hostile_test_") + name) { remove(); }
    ~TempFile() { remove(); }
    void remove() const {
        for (const char* suffix : {"", "-journal", "-wal", "-shm"}) std::remove((path + suffix).c_str());
    }
    // The names next to the file that SQLite makes: "" when there are none.
    std::string siblings() const {
        std::string out;
        for (const char* suffix : {"-journal", "-wal", "-shm"})
            if (exists(path + suffix)) out += path + suffix + " ";
        return out;
    }
};

// The bytes of a demo database made through the engine, once per run.
const std::string& demo_bytes() {
    static const std::string bytes = [] {
        TempFile file("demo_source.sqlite");
        {
            auto e = Engine::open(file.path);
            REQUIRE(e.ok());
            REQUIRE(generate_demo(**e, demo_default()).ok());
        }
        return read_all(file.path);
    }();
    return bytes;
}

// Runs SQL on a file with plain SQLite (no engine): how another program, or a user with the sqlite3
// shell, changes a file. Each call is its own connection, so a writable_schema edit is read anew.
void raw_sql(const std::string& path, const std::string& sql) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    char* msg = nullptr;
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &msg);
    INFO(sql.substr(0, 200), " -> ", (msg ? msg : ""));
    sqlite3_free(msg);
    sqlite3_close(db);
    REQUIRE(rc == SQLITE_OK);
}

int64_t raw_scalar(const std::string& path, const std::string& query) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    const int64_t v = scalar(db, query);
    sqlite3_close(db);
    return v;
}

// A demo database at `file`, then `sql` run on it by plain SQLite.
void altered_demo(const TempFile& file, const std::string& sql) {
    write_all(file.path, demo_bytes());
    if (!sql.empty()) raw_sql(file.path, sql);
}

// What check_file said about the file, after checking that it changed nothing and left nothing.
Error refusal(const TempFile& file, const std::string& shown_as = "") {
    const std::string before = read_all(file.path);
    Status s = Engine::check_file(file.path, shown_as);
    CHECK(read_all(file.path) == before);
    CHECK(file.siblings() == "");
    REQUIRE_FALSE(s.ok());
    return s.error();
}

// Engine::open must refuse `file` with `code` and leave it byte for byte as it was.
void open_refuses(const TempFile& file, const std::string& code) {
    const std::string before = read_all(file.path);
    {
        auto e = Engine::open(file.path);
        REQUIRE_FALSE(e.ok());
        CHECK(e.error().code == code);
    }
    CHECK(read_all(file.path) == before);
}

// The demo database as a WAL-mode file closed cleanly: its header says WAL (bytes 18 and 19 are 2)
// and SQLite has removed its -wal. Written as bytes, not with PRAGMA journal_mode, so that the test
// runs the same where SQLite has no WAL (the wasm build under node).
void wal_demo(const TempFile& file) {
    std::string bytes = demo_bytes();
    bytes[18] = bytes[19] = 2;
    write_all(file.path, bytes);
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

struct LanguageGuard {
    Lang before = language();
    ~LanguageGuard() { set_language(before); }
};

const char* const kDeleteAllTrigger =
    "CREATE TRIGGER delete_all AFTER INSERT ON change_log BEGIN DELETE FROM responsibility; DELETE FROM employee; END";

}  // namespace

// ---------------------------------------------------------------------------------------------
// Altered schemas: anything this version does not create, or creates otherwise, is refused.
// ---------------------------------------------------------------------------------------------

TEST_CASE("hostile: a database with an extra trigger is refused on check and on open, and the trigger never runs") {
    TempFile file("trigger.sqlite");
    altered_demo(file, kDeleteAllTrigger);
    const int64_t employees = raw_scalar(file.path, "SELECT count(*) FROM employee");
    REQUIRE(employees > 0);
    Error e = refusal(file);
    CHECK(e.code == "db.altered_schema");
    CHECK(has(e.message, "trigger delete_all"));
    CHECK(has(e.detail, "DELETE FROM employee"));
    open_refuses(file, "db.altered_schema");
    CHECK(raw_scalar(file.path, "SELECT count(*) FROM employee") == employees);
}

TEST_CASE("hostile: a database with a column dropped is refused naming the table, with both SQL texts in the detail") {
    TempFile file("dropped_column.sqlite");
    altered_demo(file, "ALTER TABLE customer DROP COLUMN archived");
    Error e = refusal(file);
    CHECK(e.code == "db.altered_schema");
    CHECK(has(e.message, "table customer"));
    CHECK(has(e.detail, "file:"));
    CHECK(has(e.detail, "archived INTEGER NOT NULL DEFAULT 0"));  // Vastuu's text, which the file lacks
    open_refuses(file, "db.altered_schema");
}

TEST_CASE("hostile: a database whose UNIQUE constraint was dropped is refused") {
    TempFile file("dropped_unique.sqlite");
    altered_demo(file,
                 "PRAGMA writable_schema = ON;"
                 "UPDATE sqlite_schema SET sql = replace(sql, 'number INTEGER NOT NULL UNIQUE', 'number INTEGER NOT NULL')"
                 " WHERE name = 'customer';"
                 "DELETE FROM sqlite_schema WHERE name = 'sqlite_autoindex_customer_1';");
    Error e = refusal(file);
    CHECK(e.code == "db.altered_schema");
    CHECK(has(e.message, "customer"));
    CHECK(has(e.detail, "sqlite_autoindex_customer_1"));
    open_refuses(file, "db.altered_schema");
}

TEST_CASE("hostile: a view, an extra table and an extra index are refused, and a missing index too") {
    TempFile file("extras.sqlite");
    const char* const cases[][2] = {
        {"CREATE VIEW everyone AS SELECT * FROM employee", "view everyone"},
        {"CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)", "table notes"},
        {"CREATE INDEX customer_name ON customer(name)", "index customer_name"},
        {"DROP INDEX customer_group_idx", "index customer_group_idx"},
        {"DROP TABLE setting", "table setting"},
    };
    for (const auto& c : cases) {
        CAPTURE(c[0]);
        altered_demo(file, c[0]);
        Error e = refusal(file);
        CHECK(e.code == "db.altered_schema");
        CHECK(has(e.message, c[1]));
        open_refuses(file, "db.altered_schema");
    }
}

TEST_CASE("hostile: SQLite's statistics tables from ANALYZE are tolerated") {
    TempFile file("analyzed.sqlite");
    altered_demo(file, "ANALYZE");
    REQUIRE(raw_scalar(file.path, "SELECT count(*) FROM sqlite_schema WHERE name = 'sqlite_stat1'") == 1);
    CHECK(Engine::check_file(file.path).ok());
    CHECK(Engine::open(file.path).ok());
}

TEST_CASE("hostile: files at each older version, as this version's migrations made them, pass and migrate") {
    TempFile file("older.sqlite");
    // v4 only added sync_undo, v3 the change-log indexes, v2 sync_log: taking them away is a v3, a
    // v2 and a v1 file.
    const std::string v3 = "DROP TABLE sync_undo; PRAGMA user_version = 3;";
    const std::string v2 = v3 +
        "DROP INDEX change_log_who; DROP INDEX change_log_at; DROP INDEX change_log_row_customer;"
        " DROP INDEX change_log_row_project; PRAGMA user_version = 2;";
    for (int version : {3, 2, 1}) {
        CAPTURE(version);
        altered_demo(file, version == 3 ? v3 : v2 + (version == 1 ? " DROP TABLE sync_log; PRAGMA user_version = 1;" : ""));
        Status checked = Engine::check_file(file.path);
        const std::string why = checked.ok() ? std::string() : checked.error().message + "\n" + checked.error().detail;
        INFO(why);
        CHECK(checked.ok());
        {
            auto e = Engine::open(file.path);
            REQUIRE(e.ok());
        }
        CHECK(raw_scalar(file.path, "PRAGMA user_version") == kSchemaVersion);
        CHECK(Engine::check_file(file.path).ok());
    }
    // A v2 file with v3's indexes is not what v2 made.
    altered_demo(file, "PRAGMA user_version = 2");
    CHECK(refusal(file).code == "db.altered_schema");
}

// ---------------------------------------------------------------------------------------------
// Rows that break the schema's rules: the checks that check.
// ---------------------------------------------------------------------------------------------

TEST_CASE("hostile: a row breaking a CHECK constraint is found, although SQLite skips CHECK on a read-only connection") {
    TempFile file("check_violation.sqlite");
    altered_demo(file,
                 "PRAGMA ignore_check_constraints = ON;"
                 "UPDATE customer SET archived = 7 WHERE id = (SELECT min(id) FROM customer);");
    Error e = refusal(file);
    CHECK(e.code == "db.invalid_rows");
    CHECK(has(e.message, "customer"));
    CHECK(has(e.detail, "CHECK constraint failed in customer"));
}

TEST_CASE("hostile: a NULL in a NOT NULL column is refused as a broken rule, not as damage") {
    TempFile file("not_null_violation.sqlite");
    altered_demo(file,
                 "PRAGMA writable_schema = ON;"
                 "UPDATE sqlite_schema SET sql = replace(sql, 'name TEXT NOT NULL', 'name TEXT') WHERE name = 'employee';");
    raw_sql(file.path,
            "UPDATE employee SET name = NULL WHERE id = (SELECT min(id) FROM employee);"
            "PRAGMA writable_schema = ON;"
            "UPDATE sqlite_schema SET sql = replace(sql, 'name TEXT CHECK', 'name TEXT NOT NULL CHECK') WHERE name = 'employee';");
    Error e = refusal(file);
    CHECK(e.code == "db.invalid_rows");
    CHECK(has(e.message, "employee"));
    CHECK(has(e.detail, "NULL value in employee.name"));
}

TEST_CASE("hostile: a responsibility of an employee who does not exist is refused naming both tables") {
    TempFile file("foreign_key.sqlite");
    altered_demo(file,
                 "PRAGMA foreign_keys = OFF;"
                 "INSERT INTO responsibility (customer_id, employee_id) VALUES ((SELECT min(id) FROM customer), 999999);");
    Error e = refusal(file);
    CHECK(e.code == "db.broken_references");
    CHECK(has(e.message, "responsibility"));
    CHECK(has(e.message, "employee"));
    CHECK(has(e.detail, "responsibility rowid"));
}

TEST_CASE("hostile: responsibility dates that are no day (year 0000, 30 February) are refused, counted") {
    TempFile file("bad_dates.sqlite");
    altered_demo(file,
                 "UPDATE responsibility SET valid_from = '0000-01-01' WHERE id = (SELECT min(id) FROM responsibility);"
                 "UPDATE responsibility SET valid_to = '2023-02-30' WHERE id = (SELECT max(id) FROM responsibility);");
    Error e = refusal(file);
    CHECK(e.code == "db.invalid_rows");
    CHECK(has(e.message, "2 responsibilities have a date that is not a day"));
    CHECK(has(e.detail, "valid_from 0000-01-01"));
    CHECK(has(e.detail, "valid_to 2023-02-30"));
}

// ---------------------------------------------------------------------------------------------
// Files that are not (whole) Vastuu databases: each says what is wrong with it.
// ---------------------------------------------------------------------------------------------

TEST_CASE("hostile: an empty file, random bytes and a cut header each have their own code") {
    TempFile file("not_sqlite.sqlite");
    write_all(file.path, "");
    CHECK(refusal(file).code == "db.empty_file");
    std::string noise(4096, '\0');
    for (size_t i = 0; i < noise.size(); ++i) noise[i] = static_cast<char>((i * 2654435761u) >> 13);
    write_all(file.path, noise);
    CHECK(refusal(file).code == "db.not_a_database");
    write_all(file.path, demo_bytes().substr(0, 60));
    Error e = refusal(file);
    CHECK(e.code == "db.truncated");
    CHECK(has(e.message, "60 bytes of 4096"));
}

TEST_CASE("hostile: a truncated database says how much of it is there") {
    TempFile file("truncated.sqlite");
    const std::string& bytes = demo_bytes();
    write_all(file.path, bytes.substr(0, bytes.size() / 2));
    Error e = refusal(file);
    CHECK(e.code == "db.truncated");
    CHECK(has(e.message, std::to_string(bytes.size() / 2) + " bytes of " + std::to_string(bytes.size())));
}

TEST_CASE("hostile: another program's SQLite file is named by a few of its tables, whatever its user_version") {
    TempFile file("places.sqlite");
    for (int version : {0, 77}) {
        CAPTURE(version);
        file.remove();
        raw_sql(file.path,
                "CREATE TABLE moz_origins (id INTEGER PRIMARY KEY, prefix TEXT, host TEXT);"
                "CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url LONGVARCHAR, title LONGVARCHAR);"
                "CREATE TABLE moz_bookmarks (id INTEGER PRIMARY KEY, type INTEGER, fk INTEGER);"
                "CREATE TABLE moz_keywords (id INTEGER PRIMARY KEY, keyword TEXT);"
                "PRAGMA user_version = " + std::to_string(version));
        Error e = refusal(file);
        CHECK(e.code == "db.foreign_schema");
        CHECK(has(e.message, "another program"));
        CHECK(has(e.message, "moz_origins, moz_places, moz_bookmarks, …"));
        CHECK_FALSE(has(e.message, "user_version"));
        open_refuses(file, "db.foreign_schema");
    }
}

TEST_CASE("hostile: a damaged database gets one Finnish sentence, SQLite's English text in the detail") {
    LanguageGuard guard;
    TempFile file("damaged.sqlite");
    std::string damaged = demo_bytes();
    // A few pages near the end overwritten (index and table pages), the header and schema intact.
    for (size_t i = damaged.size() - 3 * 4096; i < damaged.size() - 4096; ++i) damaged[i] = static_cast<char>(0xa5);
    write_all(file.path, damaged);
    set_language(Lang::Fi);
    Error e = refusal(file, "vahingoittunut.sqlite");
    CHECK(e.code == "db.corrupt");
    CHECK(e.message == "Tietokanta on vioittunut.");
    CHECK(e.detail.size() > 20);
    CHECK_FALSE(has(e.message, "database"));
    CHECK_FALSE(has(e.message, "Tree"));
    CHECK_FALSE(has(e.message, "malformed"));

    // Every other refusal in Finnish too: no SQLite English in the sentence.
    write_all(file.path, demo_bytes().substr(0, demo_bytes().size() / 2));
    e = refusal(file, "vajaa.sqlite");
    CHECK(e.code == "db.truncated");
    CHECK(has(e.message, "Tiedosto vajaa.sqlite on vajaa"));
    CHECK_FALSE(has(e.message, "not a database"));
    CHECK_FALSE(has(e.message, "malformed"));
    altered_demo(file, kDeleteAllTrigger);
    e = refusal(file, "liipaisin.sqlite");
    CHECK(has(e.message, "ylimääräinen liipaisin delete_all"));
    CHECK_FALSE(has(e.message, "CREATE"));
}

TEST_CASE("hostile: the messages name the file as the user picked it, never the path it was copied to") {
    TempFile file("copied_to_tmp.sqlite");
    wal_demo(file);
    auto inspected = Engine::inspect_file(file.path, "Asiakkaat 2026.sqlite");
    REQUIRE(inspected.ok());
    REQUIRE(inspected->warnings.size() == 1);
    CHECK(has(inspected->warnings[0].message, "Asiakkaat 2026.sqlite-wal"));
    CHECK_FALSE(has(inspected->warnings[0].message, file.path));
    Status missing = Engine::check_file("hostile_test_no_such_file.sqlite", "picked.sqlite");
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().code == "db.cannot_open");
    CHECK(has(missing.error().message, "picked.sqlite"));
    CHECK_FALSE(has(missing.error().message, "hostile_test_"));
    CHECK_FALSE(missing.error().detail.empty());  // the system's reason ("No such file or directory")
}

// ---------------------------------------------------------------------------------------------
// WAL mode, and a check that never writes next to the file.
// ---------------------------------------------------------------------------------------------

TEST_CASE("hostile: a WAL-mode file without its -wal passes with a warning, and the check leaves no -wal or -shm") {
    TempFile file("wal.sqlite");
    wal_demo(file);
    const std::string before = read_all(file.path);
    auto inspected = Engine::inspect_file(file.path);
    REQUIRE(inspected.ok());
    CHECK(inspected->counts.customers > 0);
    REQUIRE(inspected->warnings.size() == 1);
    CHECK(inspected->warnings[0].code == "db.wal_missing");
    CHECK(read_all(file.path) == before);
    CHECK(file.siblings() == "");
}

TEST_CASE("hostile: a WAL-mode file whose -wal holds changes is refused, naming that file") {
    TempFile file("wal_pending.sqlite");
    wal_demo(file);
    write_all(file.path + "-wal", std::string(4096 + 32, 'w'));  // only its length matters
    Status s = Engine::check_file(file.path, "kopio.sqlite");
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().code == "db.wal_pending");
    CHECK(has(s.error().message, "kopio.sqlite-wal"));
    // An empty -wal holds nothing: no refusal and no warning.
    write_all(file.path + "-wal", "");
    auto inspected = Engine::inspect_file(file.path);
    REQUIRE(inspected.ok());
    CHECK(inspected->warnings.empty());
}

TEST_CASE("hostile: check_file writes nothing next to a sound file, in either journal mode") {
    TempFile file("sound.sqlite");
    for (bool wal : {false, true}) {
        CAPTURE(wal);
        if (wal) wal_demo(file);
        else write_all(file.path, demo_bytes());
        const std::string before = read_all(file.path);
        CHECK(Engine::check_file(file.path).ok());
        CHECK(read_all(file.path) == before);
        CHECK(file.siblings() == "");
    }
}
