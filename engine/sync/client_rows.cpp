// Writing the server's row images into the browser's local database (the default ApplyRows of
// client.h): each image is all columns of one row by its primary key, or `row: null` for a row that
// is gone (deleted, or no longer visible to this user). Outside the command machinery on purpose:
// these rows are the server's history, not a local step to log or undo.
#include <algorithm>
#include <string>
#include <vector>

#include "client.h"
#include "i18n.h"
#include "sql.h"

namespace vastuu::sync {
namespace {

using nlohmann::json;

std::string quote_identifier(const std::string& name) {
    std::string out = "\"";
    for (char c : name) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

struct Columns {
    std::vector<std::string> names;
    std::vector<std::string> key;  // primary-key columns in key order
};

// The table's columns from the schema itself; empty for a table this database does not have.
Columns columns_of(sqlite3* db, const std::string& table) {
    Columns c;
    Stmt st(db, "SELECT name, pk FROM pragma_table_info(?1) ORDER BY cid");
    st.bind(1, table);
    std::vector<std::pair<int64_t, std::string>> key;
    while (st.row()) {
        c.names.push_back(st.text(0));
        if (st.int64(1) > 0) key.emplace_back(st.int64(1), st.text(0));
    }
    std::sort(key.begin(), key.end());
    for (auto& k : key) c.key.push_back(k.second);
    return c;
}

void bind_value(Stmt& st, int i, const json& v) {
    if (v.is_null()) st.bind_null(i);
    else if (v.is_boolean()) st.bind(i, int64_t(v.get<bool>() ? 1 : 0));
    else if (v.is_number_integer()) st.bind(i, v.get<int64_t>());
    else if (v.is_number()) sqlite3_bind_double(st.get(), i, v.get<double>());
    else if (v.is_string()) st.bind(i, v.get_ref<const std::string&>());
    else st.bind(i, v.dump());
}

Error bad_rows(const std::string& what) { return Error{"team.bad_rows", tr_format("error.team.bad_rows", {what}), ""}; }

Status apply_one(sqlite3* db, const json& image) {
    if (!image.is_object() || !image.contains("table") || !image["table"].is_string() || !image.contains("key") ||
        !image["key"].is_array())
        return bad_rows(image.dump());
    const std::string& table = image["table"].get_ref<const std::string&>();
    if (table.rfind("sqlite_", 0) == 0) return bad_rows(table);
    Columns cols = columns_of(db, table);
    const json& key = image["key"];
    if (cols.names.empty() || cols.key.empty() || key.size() != cols.key.size()) return bad_rows(table);
    std::string where;
    for (size_t i = 0; i < cols.key.size(); ++i)
        where += (i ? " AND " : "") + quote_identifier(cols.key[i]) + " = ?" + std::to_string(i + 1);

    auto row_it = image.find("row");
    if (row_it == image.end() || row_it->is_null()) {
        Stmt del(db, "DELETE FROM " + quote_identifier(table) + " WHERE " + where);
        for (size_t i = 0; i < key.size(); ++i) bind_value(del, int(i + 1), key[i]);
        return del.done() ? Status() : sqlite_failure(db, "applying a deleted row");
    }
    const json& row = *row_it;
    if (!row.is_object()) return bad_rows(table);
    // An upsert, never a delete and insert: deleting a customer would cascade to its projects.
    std::string names, values, updates, conflict;
    for (size_t i = 0; i < cols.names.size(); ++i) {
        const std::string q = quote_identifier(cols.names[i]);
        names += (i ? ", " : "") + q;
        values += (i ? ", ?" : "?") + std::to_string(i + 1);
        updates += (i ? ", " : "") + q + " = excluded." + q;
    }
    for (size_t i = 0; i < cols.key.size(); ++i) conflict += (i ? ", " : "") + quote_identifier(cols.key[i]);
    Stmt up(db, "INSERT INTO " + quote_identifier(table) + " (" + names + ") VALUES (" + values + ") ON CONFLICT (" +
                    conflict + ") DO UPDATE SET " + updates);
    for (size_t i = 0; i < cols.names.size(); ++i) {
        auto v = row.find(cols.names[i]);
        bind_value(up, int(i + 1), v == row.end() ? json() : *v);
    }
    return up.done() ? Status() : sqlite_failure(db, "applying a changed row");
}

}  // namespace

Status apply_row_images(Engine& engine, const json& rows) {
    sqlite3* db = engine.handle();
    VASTUU_TRY(exec(db, "BEGIN IMMEDIATE"));
    // Parents and children may come in any order within one change: check references at the end.
    Status s = exec(db, "PRAGMA defer_foreign_keys = ON");
    for (size_t i = 0; s.ok() && i < rows.size(); ++i) s = apply_one(db, rows[i]);
    if (s.ok()) s = exec(db, "COMMIT");
    if (!s.ok()) (void)exec(db, "ROLLBACK");
    return s;
}

}  // namespace vastuu::sync
