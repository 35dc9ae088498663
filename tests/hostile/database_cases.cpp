// Hostile database files (corpus.h): truncated, empty, random, another program's, altered schemas
// (a trigger, a dropped column or UNIQUE, a view), rows that break CHECK, NOT NULL and foreign
// keys, and WAL mode. Each is made at test time from the demo database with SQLite's C API, as a
// user with the sqlite3 shell (or an attacker) would change it, and run through `vastuu`.
#include <sqlite3.h>

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <initializer_list>
#include <iterator>
#include <stdexcept>

#include "tests/hostile/corpus.h"

namespace hostile {
namespace {

std::string read_all(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void write_all(const std::string& path, const std::string& bytes) {
    std::ofstream(path, std::ios::binary | std::ios::trunc).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// Runs each SQL text on its own connection to `path` (so that a writable_schema edit is read anew
// by the next one). A generator that fails is a broken test, not a passing case: it throws.
void run_sql(const std::string& path, std::initializer_list<const char*> steps) {
    for (const char* sql : steps) {
        sqlite3* db = nullptr;
        if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) throw std::runtime_error("cannot open " + path);
        char* msg = nullptr;
        const int rc = sqlite3_exec(db, sql, nullptr, nullptr, &msg);
        const std::string why = msg ? msg : "";
        sqlite3_free(msg);
        sqlite3_close(db);
        if (rc != SQLITE_OK) throw std::runtime_error(std::string(sql) + ": " + why);
    }
}

// The demo database changed by `steps`, as bytes. Made in a scratch file beside the corpus, removed
// again with whatever SQLite left next to it.
std::string altered_demo(const Context& context, std::initializer_list<const char*> steps) {
    const std::string scratch = context.folder + "/../scratch.sqlite";
    write_all(scratch, read_all(context.demo_db));
    run_sql(scratch, steps);
    std::string bytes = read_all(scratch);
    for (const char* suffix : {"", "-journal", "-wal", "-shm"}) std::remove((scratch + suffix).c_str());
    return bytes;
}

// `vastuu check FILE` refuses with `code` (exit 1).
Case refused_by_check(const std::string& name, std::string bytes, const std::string& code) {
    Case c;
    c.name = name;
    c.bytes = std::move(bytes);
    c.args = {"check", "{file}"};
    c.exit_code = 1;
    c.stderr_has = "error " + code + ":";
    return c;
}

}  // namespace

void add_database_cases(Corpus& corpus, const Context& context) {
    const std::string demo = read_all(context.demo_db);

    // Not (whole) SQLite files.
    corpus.push_back(refused_by_check("db_empty.sqlite", "", "db.empty_file"));
    {
        std::string noise(8192, '\0');
        uint32_t x = 2463534242u;  // xorshift: the same "random" bytes every run
        for (char& b : noise) {
            x ^= x << 13, x ^= x >> 17, x ^= x << 5;
            b = static_cast<char>(x);
        }
        corpus.push_back(refused_by_check("db_random_bytes.sqlite", noise, "db.not_a_database"));
    }
    corpus.push_back(refused_by_check("db_truncated.sqlite", demo.substr(0, demo.size() / 3), "db.truncated"));
    corpus.back().stderr_has = "bytes of " + std::to_string(demo.size());
    corpus.push_back(refused_by_check("db_header_only.sqlite", demo.substr(0, 100), "db.truncated"));
    {
        // Damage past the schema: only the integrity check sees it; its lines follow the message.
        std::string damaged = demo;
        for (size_t i = damaged.size() - 3 * 4096; i < damaged.size() - 4096; ++i) damaged[i] = static_cast<char>(0xa5);
        corpus.push_back(refused_by_check("db_damaged.sqlite", damaged, "db.corrupt"));
    }

    // Another program's SQLite file (Firefox's places.sqlite, in small): named by its tables.
    {
        const std::string scratch = context.folder + "/../places-scratch.sqlite";
        std::remove(scratch.c_str());
        run_sql(scratch, {"CREATE TABLE moz_origins (id INTEGER PRIMARY KEY, prefix TEXT NOT NULL, host TEXT NOT NULL);"
                          "CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url LONGVARCHAR, title LONGVARCHAR);"
                          "CREATE TABLE moz_bookmarks (id INTEGER PRIMARY KEY, type INTEGER, fk INTEGER DEFAULT NULL);"
                          "CREATE TABLE moz_historyvisits (id INTEGER PRIMARY KEY, place_id INTEGER);"
                          "INSERT INTO moz_places (url, title) VALUES ('https://example.fi/', 'Esimerkki');"
                          "PRAGMA user_version = 77;"});
        corpus.push_back(refused_by_check("db_firefox_places.sqlite", read_all(scratch), "db.foreign_schema"));
        corpus.back().stderr_has = "moz_origins, moz_places, moz_bookmarks";
        std::remove(scratch.c_str());
    }

    // Altered schemas.
    const char* const delete_all =
        "CREATE TRIGGER delete_all AFTER INSERT ON change_log BEGIN DELETE FROM responsibility; DELETE FROM employee; END";
    const std::string trigger = altered_demo(context, {delete_all});
    corpus.push_back(refused_by_check("db_extra_trigger.sqlite", trigger, "db.altered_schema"));
    {
        // The issue's case: the next command ran the trigger and wiped employees and responsibilities.
        Case c = refused_by_check("db_extra_trigger_command.sqlite", trigger, "db.altered_schema");
        c.args = {"command", "{file}", R"({"cmd":"employee.create","name":"Uusi Työntekijä"})"};
        corpus.push_back(c);
    }
    const std::string dropped_column = altered_demo(context, {"ALTER TABLE customer DROP COLUMN archived"});
    corpus.push_back(refused_by_check("db_dropped_column.sqlite", dropped_column, "db.altered_schema"));
    {
        // The issue's case: the export wrote only a header and exited 0.
        Case c = refused_by_check("db_dropped_column_export.sqlite", dropped_column, "db.altered_schema");
        c.args = {"export", "{file}", "{db}.csv", "--kind", "customers"};
        corpus.push_back(c);
    }
    corpus.push_back(refused_by_check(
        "db_dropped_unique.sqlite",
        altered_demo(context, {"PRAGMA writable_schema = ON;"
                               "UPDATE sqlite_schema SET sql = replace(sql, 'number INTEGER NOT NULL UNIQUE', 'number INTEGER NOT NULL')"
                               " WHERE name = 'customer';"
                               "DELETE FROM sqlite_schema WHERE name = 'sqlite_autoindex_customer_1';"}),
        "db.altered_schema"));
    corpus.push_back(refused_by_check("db_view_added.sqlite",
                                      altered_demo(context, {"CREATE VIEW everyone AS SELECT * FROM employee"}),
                                      "db.altered_schema"));

    // Rows that break the rules the schema states.
    corpus.push_back(refused_by_check(
        "db_check_violation.sqlite",
        altered_demo(context, {"PRAGMA ignore_check_constraints = ON;"
                               "UPDATE customer SET number = -5 WHERE id = (SELECT min(id) FROM customer);"}),
        "db.invalid_rows"));
    {
        // The schema's GLOB takes any digits; the views would show this date as an open end.
        Case c = refused_by_check(
            "db_year_0000.sqlite",
            altered_demo(context, {"UPDATE responsibility SET valid_from = '0000-01-01' WHERE id = (SELECT min(id) FROM responsibility);"}),
            "db.invalid_rows");
        c.stderr_has = "error db.invalid_rows: A responsibility has a date that is not a day";
        corpus.push_back(c);
    }
    corpus.push_back(refused_by_check(
        "db_not_null_violation.sqlite",
        altered_demo(context,
                     {"PRAGMA writable_schema = ON;"
                      "UPDATE sqlite_schema SET sql = replace(sql, 'name TEXT NOT NULL', 'name TEXT') WHERE name = 'customer';",
                      "UPDATE customer SET name = NULL WHERE id = (SELECT min(id) FROM customer);"
                      "PRAGMA writable_schema = ON;"
                      "UPDATE sqlite_schema SET sql = replace(sql, 'name TEXT CHECK', 'name TEXT NOT NULL CHECK')"
                      " WHERE name = 'customer';"}),
        "db.invalid_rows"));
    corpus.push_back(refused_by_check(
        "db_foreign_key_violation.sqlite",
        altered_demo(context, {"PRAGMA foreign_keys = OFF;"
                               "INSERT INTO responsibility (customer_id, employee_id)"
                               " VALUES ((SELECT min(id) FROM customer), 999999);"}),
        "db.broken_references"));

    // WAL mode: a file whose -wal is not beside it is accepted with a warning; the check reads a copy,
    // so no -wal or -shm appears beside the file (the runner checks that for every case).
    {
        Case c = refused_by_check("db_wal_without_wal_file.sqlite", altered_demo(context, {"PRAGMA journal_mode = WAL"}),
                                  "db.wal_missing");
        c.exit_code = 0;
        c.stderr_has = "warning db.wal_missing:";
        c.stdout_has = "ok";
        corpus.push_back(c);
    }
    {
        Case c = refused_by_check("db_sound.sqlite", demo, "");
        c.exit_code = 0;
        c.stderr_has = "";
        c.stderr_lacks = "warning";
        c.stdout_has = "ok";
        corpus.push_back(c);
    }
}

}  // namespace hostile
