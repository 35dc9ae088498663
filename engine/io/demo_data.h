// Deterministic demo and benchmark data with realistic Finnish and English names. The same seed
// always gives the same database, so benchmarks and tests can rely on it.
#pragma once
#include <sqlite3.h>

#include <cstdint>

#include "core/result.h"

namespace vastuu {

class Engine;

struct DemoSize {
    int customers = 300;
    int projects = 450;
    int employees = 40;
    int teams = 5;
    int roles = 6;               // half customer roles, half project roles
    int customer_groups = 8;
    int special_groups = 10;
    int responsibilities = 900;  // customer and project responsibilities together
    uint64_t seed = 20261126;
};

DemoSize demo_default();  // about 300 customers, 40 employees: loaded on first start
DemoSize demo_scale();    // 50,000 customers, 100,000 projects, 1,000 employees, 250,000 responsibilities

// Fills an empty, migrated database in one transaction (no change-log entries: seeding is not a
// user action). Refuses ("demo.not_empty") a database that already has customers or employees.
Status generate_demo(sqlite3* db, const DemoSize& size);
// The same into the engine's database (the app's first start and File › Reset, the CLI's demo).
Status generate_demo(Engine& engine, const DemoSize& size);

}  // namespace vastuu
