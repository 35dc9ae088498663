// libFuzzer target: the CSV importer (customers, employees, responsibilities; the first byte picks the
// kind). Same promises as fuzz_json_import.cpp: error values only, previews that never fail, and an
// applied import that undoes back to exactly the rows it started from. Run by tests/fuzz/run.sh.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "csv_import.h"
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
    if (size == 0) return 0;
    Engine& engine = fuzz_engine();
    static const char* const kKinds[] = {"customers", "employees", "responsibilities", "auto"};
    const char* kind = kKinds[data[0] % 4];
    std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
    (void)detect_csv_kind(text);
    ImportKind k = ImportKind::Customers;
    if (kind[0] != 'a') parse_import_kind(kind, k);
    else if (auto detected = detect_csv_kind(text); detected.ok()) k = detected.value();
    else return 0;
    auto plan = parse_csv(text, k);
    if (!plan.ok()) return 0;
    auto report = preview_import(engine.handle(), plan.value());
    if (!report.ok()) std::abort();
    if (!report->can_apply()) return 0;
    auto before = export_dataset_json(engine.handle());
    auto applied = engine.execute(nlohmann::json{{"cmd", "csv.import"}, {"text", std::string(text)}, {"kind", kind}});
    if (!applied.ok()) std::abort();
    if (engine.can_undo() && engine.undo_label() == "csv.import") {
        if (!engine.execute(nlohmann::json{{"cmd", "undo"}}).ok()) std::abort();
    }
    auto after = export_dataset_json(engine.handle());
    if (!before.ok() || !after.ok() || before.value() != after.value()) std::abort();
    return 0;
}
