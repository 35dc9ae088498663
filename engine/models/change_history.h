// The administrator's Changes view as a read model: every change-log entry, newest first, filtered by
// who made it, the day it was made, the customer it concerns and free text, with an xlsx export of
// exactly what is listed. Visibility applies as everywhere: a viewer who is not the administrator
// gets only the entries about the customers they may see and those about no customer at all (the
// firm's lists: employees, groups, roles, settings), which every account receives anyway.
//
// Index of this header:
// [SECTION] Filter and rows
// [SECTION] The model
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/engine.h"
#include "core/ids.h"
#include "core/result.h"

namespace vastuu {

class Stmt;

// ---------------------------------------------------------------------------------------------
// [SECTION] Filter and rows
// ---------------------------------------------------------------------------------------------

// Empty texts and zero ids mean "no restriction". Days are UTC days of the entry's `at`, as the
// view shows the time; a text that is not a real "YYYY-MM-DD" day restricts nothing.
struct ChangeHistoryFilter {
    std::string who;       // exactly this "who" (the actor; in team mode the account's name)
    std::string from_day;  // "YYYY-MM-DD": changes made on this day or later
    std::string to_day;    // "YYYY-MM-DD": changes made on this day or earlier
    CustomerId customer;   // the changes of this customer's row, its projects, the responsibilities on
                           // it and on its projects, and its special-group memberships
    std::string search;    // who, action, what or field changes contain it (case- and accent-insensitive)
};

// What one entry says, in the current language (the view's columns and the export's).
struct ChangeDescription {
    std::string what;     // the entity and its name: "Customer Äijälä Oy", "Responsibility Aino Evans – Äijälä Oy"
    std::string changes;  // "Name: Äijälä → Äijälä Oy; Group: – → Tilitoimisto", "created", "deleted", …
    CustomerId customer;  // the customer it is about, when the viewer may open its card; 0 otherwise
};

// ---------------------------------------------------------------------------------------------
// [SECTION] The model
// ---------------------------------------------------------------------------------------------

class ChangeHistory {
public:
    ChangeHistory();
    ~ChangeHistory();
    ChangeHistory(const ChangeHistory&) = delete;
    ChangeHistory& operator=(const ChangeHistory&) = delete;
    ChangeHistory(ChangeHistory&&);
    ChangeHistory& operator=(ChangeHistory&&);

    // Reads the firm's small lists (employees, teams, roles, groups, special groups) for naming
    // entries, and prepares the look-ups of customers and projects. Keeps the engine for apply() and
    // describe(): load again when the engine is replaced or its data changed (revision()).
    Status load(Engine& engine);

    // Lists the entries matching `filter` that the engine's viewer may see, newest first. Uses the
    // change log's indexes (who, at, the customer of a row): a filtered list of 100,000 entries
    // costs a few milliseconds; with `search` each candidate is described once.
    Status apply(const ChangeHistoryFilter& filter);
    const ChangeHistoryFilter& filter() const { return filter_; }

    // Everyone who made a change the viewer may see, in Finnish order: the "who" filter's choices.
    const std::vector<std::string>& people() const { return people_; }

    // [SECTION] The listed rows
    size_t row_count() const { return rows_.size(); }
    ChangeId row_id(size_t row) const { return ChangeId(rows_[row].id); }
    int64_t row_group(size_t row) const { return rows_[row].group; }  // one user action, one group
    std::string row_time(size_t row) const;            // "YYYY-MM-DD HH:MM:SS" (UTC, as logged)
    const std::string& row_who(size_t row) const { return texts_[rows_[row].who]; }
    const std::string& row_command(size_t row) const { return texts_[rows_[row].command]; }  // "customer.create"
    std::string row_action(size_t row) const;          // the command's label: "add customer"
    const std::string& row_entity(size_t row) const { return texts_[rows_[row].entity]; }  // table name
    // The entry in words (read from the database on demand, cached until the next apply()).
    const ChangeDescription& describe(size_t row);

    // SQLite's plan for the current filter's query (EXPLAIN QUERY PLAN, one step a line): the tests
    // check that the change log's indexes are used.
    std::string query_plan() const;

    // An xlsx workbook of exactly the listed rows in their order: time, who, action, what, changes.
    Result<std::vector<uint8_t>> export_xlsx();

private:
    struct Row {
        int64_t id;
        int64_t group;
        uint32_t at, who, command, entity;  // indexes into texts_
    };
    struct Named {
        int64_t id;
        std::string name;
    };

    uint32_t intern(std::string_view text);
    std::string query_sql(bool all_visible, bool describe) const;
    void bind_query(Stmt& st) const;
    ChangeDescription describe_entry(const std::string& entity, int64_t entity_id, const std::string& before,
                                     const std::string& after);
    std::string value_text(const std::string& field, const nlohmann::ordered_json& value);
    std::string customer_name(int64_t id);
    std::string project_name(int64_t id);
    bool read_entry(int64_t id, std::string& entity, int64_t& entity_id, std::string& before, std::string& after);

    Engine* engine_ = nullptr;
    ChangeHistoryFilter filter_;
    std::vector<Row> rows_;
    std::vector<std::string> texts_;  // interned: times, names and command names repeat a lot
    std::unordered_map<std::string, uint32_t> text_index_;
    std::vector<std::string> people_;
    std::unordered_map<int64_t, ChangeDescription> described_;  // by entry id

    std::vector<Named> employees_, teams_, roles_, groups_, special_groups_;  // by id
    std::unique_ptr<Stmt> entry_, customer_, project_;
};

}  // namespace vastuu
