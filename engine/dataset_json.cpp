// Whole-dataset JSON export: reads every domain table generically (column names from the result
// set), so a new column appears in the export without touching this file.
#include "dataset_json.h"

#include <string>

#include "schema.h"
#include "sql.h"

namespace vastuu {
namespace {

// Maintenance reminder: a new domain table in schema.cpp belongs here too (in dependency order,
// so that an importer can insert in this order without breaking foreign keys).
const char* const kTables[] = {"team", "employee", "role", "customer_group", "customer_group_salesperson",
                               "customer", "project", "special_group", "special_group_member",
                               "responsibility"};

Result<nlohmann::json> read_table(sqlite3* db, const char* table) {
    std::string sql = std::string("SELECT * FROM ") + table + " ORDER BY 1, 2";
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) != SQLITE_OK)
        return Error{"db.sqlite", std::string("reading ") + table + ": " + sqlite3_errmsg(db), ""};
    nlohmann::json rows = nlohmann::json::array();
    int columns = sqlite3_column_count(st);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        nlohmann::json row = nlohmann::json::object();
        for (int c = 0; c < columns; ++c) {
            const char* name = sqlite3_column_name(st, c);
            switch (sqlite3_column_type(st, c)) {
                case SQLITE_INTEGER: row[name] = sqlite3_column_int64(st, c); break;
                case SQLITE_FLOAT: row[name] = sqlite3_column_double(st, c); break;
                case SQLITE_NULL: row[name] = nullptr; break;
                default:
                    row[name] = std::string(reinterpret_cast<const char*>(sqlite3_column_text(st, c)),
                                            static_cast<size_t>(sqlite3_column_bytes(st, c)));
            }
        }
        rows.push_back(std::move(row));
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) return Error{"db.sqlite", std::string("reading ") + table + ": " + sqlite3_errmsg(db), ""};
    return rows;
}

}  // namespace

Result<nlohmann::json> export_dataset_json(sqlite3* db) {
    nlohmann::json doc = {{"format", kDatasetFormat}, {"version", kDatasetFormatVersion},
                          {"schema_version", kSchemaVersion}, {"tables", nlohmann::json::object()}};
    ReadTransaction snapshot(db);  // the tables are read from one consistent snapshot
    for (const char* table : kTables) {
        auto rows = read_table(db, table);
        if (!rows.ok()) return rows.error();
        doc["tables"][table] = std::move(rows.value());
    }
    return doc;
}

}  // namespace vastuu
