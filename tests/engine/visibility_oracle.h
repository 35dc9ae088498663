// The visibility rule computed independently of the engine (plain SQL reads and C++), and a
// seeded random source: shared by the property tests of visibility (test_visibility.cpp) and of
// team mode's snapshot and change stream (test_sync.cpp).
#pragma once
#include <doctest/doctest.h>

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/engine.h"

namespace vastuu_test {

using vastuu::Engine;

// splitmix64: the same numbers natively and in wasm, whatever the standard library.
struct Random {
    uint64_t state;
    uint64_t next() {
        uint64_t z = (state += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    size_t below(size_t n) { return static_cast<size_t>(next() % n); }
};

inline std::vector<int64_t> column(Engine& e, const char* sql) {
    std::vector<int64_t> out;
    sqlite3_stmt* st = nullptr;
    REQUIRE(sqlite3_prepare_v2(e.handle(), sql, -1, &st, nullptr) == SQLITE_OK);
    while (sqlite3_step(st) == SQLITE_ROW) out.push_back(sqlite3_column_int64(st, 0));
    sqlite3_finalize(st);
    return out;
}

// The rule, computed here from plain SQL and C++ (not the engine's query): the customers of the
// viewer's salesperson groups, plus those of the viewer's responsibilities not ended before today.
inline std::set<int64_t> expected_visible(Engine& e, int64_t viewer, const std::string& today) {
    std::set<int64_t> out;
    std::map<int64_t, int64_t> customer_of_project;
    std::map<int64_t, int64_t> group_of_customer;
    std::set<int64_t> my_groups;
    sqlite3_stmt* st = nullptr;
    sqlite3* db = e.handle();
    REQUIRE(sqlite3_prepare_v2(db, "SELECT id, customer_id FROM project", -1, &st, nullptr) == SQLITE_OK);
    while (sqlite3_step(st) == SQLITE_ROW) customer_of_project[sqlite3_column_int64(st, 0)] = sqlite3_column_int64(st, 1);
    sqlite3_finalize(st);
    REQUIRE(sqlite3_prepare_v2(db, "SELECT id, group_id FROM customer WHERE group_id IS NOT NULL", -1, &st, nullptr) ==
            SQLITE_OK);
    while (sqlite3_step(st) == SQLITE_ROW) group_of_customer[sqlite3_column_int64(st, 0)] = sqlite3_column_int64(st, 1);
    sqlite3_finalize(st);
    REQUIRE(sqlite3_prepare_v2(db, "SELECT group_id, employee_id FROM customer_group_salesperson", -1, &st, nullptr) ==
            SQLITE_OK);
    while (sqlite3_step(st) == SQLITE_ROW)
        if (sqlite3_column_int64(st, 1) == viewer) my_groups.insert(sqlite3_column_int64(st, 0));
    sqlite3_finalize(st);
    for (const auto& [customer, group] : group_of_customer)
        if (my_groups.count(group)) out.insert(customer);
    REQUIRE(sqlite3_prepare_v2(db, "SELECT employee_id, customer_id, project_id, valid_to FROM responsibility", -1, &st,
                               nullptr) == SQLITE_OK);
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (sqlite3_column_int64(st, 0) != viewer) continue;
        const unsigned char* to = sqlite3_column_text(st, 3);
        if (to && std::string(reinterpret_cast<const char*>(to)) < today) continue;
        if (sqlite3_column_type(st, 1) != SQLITE_NULL) out.insert(sqlite3_column_int64(st, 1));
        else out.insert(customer_of_project.at(sqlite3_column_int64(st, 2)));
    }
    sqlite3_finalize(st);
    return out;
}

}  // namespace vastuu_test
