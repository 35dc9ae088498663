// Whole-dataset JSON export: reads every domain table generically (column names from the result
// set), so a new column appears in the export without touching this file.
#include "io/dataset_json.h"

#include <algorithm>
#include <string>
#include <vector>

#include "core/engine.h"
#include "core/schema.h"
#include "core/sql.h"

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

Result<nlohmann::json> export_dataset_json(Engine& engine) {
    auto doc = export_dataset_json(engine.handle());
    if (!doc.ok()) return doc;
    const Engine::VisibleCustomers& visible = engine.visible_customers();
    if (visible.all) return doc;
    nlohmann::json& tables = doc.value()["tables"];
    auto keep = [&](const char* table, auto visible_row) {
        nlohmann::json kept = nlohmann::json::array();
        for (nlohmann::json& row : tables[table])
            if (visible_row(row)) kept.push_back(std::move(row));
        tables[table] = std::move(kept);
    };
    auto customer_visible = [&](const nlohmann::json& id) { return id.is_number_integer() && visible.contains(id.get<int64_t>()); };
    keep("customer", [&](const nlohmann::json& r) { return customer_visible(r["id"]); });
    keep("project", [&](const nlohmann::json& r) { return customer_visible(r["customer_id"]); });
    std::vector<int64_t> projects;  // the visible projects' ids, sorted
    for (const nlohmann::json& r : tables["project"]) projects.push_back(r["id"].get<int64_t>());
    std::sort(projects.begin(), projects.end());
    keep("special_group_member", [&](const nlohmann::json& r) { return customer_visible(r["customer_id"]); });
    keep("responsibility", [&](const nlohmann::json& r) {
        if (r["customer_id"].is_number_integer()) return customer_visible(r["customer_id"]);
        return r["project_id"].is_number_integer() &&
               std::binary_search(projects.begin(), projects.end(), r["project_id"].get<int64_t>());
    });
    return doc;
}

}  // namespace vastuu
