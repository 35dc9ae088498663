// libFuzzer target: the JSON dataset importer. Any input must give a plan or an error value (never a
// crash, a sanitizer report or an exception), a preview must never fail for a database reason, and an
// applied import must undo back to exactly the rows it started from. Run by tests/fuzz/run.sh.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "dataset_import.h"
#include "dataset_json.h"
#include "demo_data.h"
#include "engine.h"

using namespace vastuu;

namespace {

Engine& fuzz_engine() {
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

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    Engine& engine = fuzz_engine();
    std::string_view text(reinterpret_cast<const char*>(data), size);
    auto plan = parse_dataset_json(text);
    if (!plan.ok()) return 0;
    auto report = preview_import(engine.handle(), plan.value());
    if (!report.ok()) std::abort();  // a preview fails only for a database error: never for input
    if (!report->can_apply()) return 0;
    auto before = export_dataset_json(engine.handle());
    auto applied = engine.execute(nlohmann::json{{"cmd", "dataset.import"}, {"text", std::string(text)}});
    if (!applied.ok()) std::abort();  // the preview said it applies
    if (engine.can_undo() && engine.undo_label() == "dataset.import") {
        if (!engine.execute(nlohmann::json{{"cmd", "undo"}}).ok()) std::abort();
    }
    auto after = export_dataset_json(engine.handle());
    if (!before.ok() || !after.ok() || before.value() != after.value()) std::abort();
    return 0;
}
