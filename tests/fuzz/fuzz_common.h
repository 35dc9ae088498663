// What both importer fuzz targets share: a small demo database that lives across runs, and the
// promise every accepted input must keep — a preview that never fails for the input's sake, and an
// applied import that undoes back to exactly the rows it started from (otherwise: abort, a finding).
#pragma once
#include <cstdlib>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "io/import_runner.h"
#include "io/dataset_json.h"
#include "io/demo_data.h"
#include "core/engine.h"

namespace vastuu::fuzz {

inline Engine& fuzz_engine() {
    static std::unique_ptr<Engine> engine = [] {
        auto e = Engine::open(":memory:");
        if (!e.ok()) std::abort();
        DemoSize small;
        small.customers = 20, small.projects = 10, small.employees = 6, small.teams = 2, small.roles = 4;
        small.customer_groups = 3, small.special_groups = 2, small.responsibilities = 30;
        if (!generate_demo((*e)->handle(), small).ok()) std::abort();
        return std::move(e.value());
    }();
    return *engine;
}

// Previews `plan`; when it can apply, runs `command` (the same import as an engine command), undoes
// it and checks that the dataset is exactly what it was.
inline void check_preview_apply_undo(Engine& engine, const ImportPlan& plan, const nlohmann::json& command) {
    auto report = preview_import(engine.handle(), plan);
    if (!report.ok()) std::abort();  // a preview fails only for a database error: never for input
    if (!report->can_apply()) return;
    auto before = export_dataset_json(engine.handle());
    auto applied = engine.execute(command);
    if (!applied.ok()) std::abort();  // the preview said it applies
    if (engine.can_undo() && engine.undo_label() == command.at("cmd").get<std::string>()) {
        if (!engine.execute(nlohmann::json{{"cmd", "undo"}}).ok()) std::abort();
    }
    auto after = export_dataset_json(engine.handle());
    if (!before.ok() || !after.ok() || before.value() != after.value()) std::abort();
}

}  // namespace vastuu::fuzz
