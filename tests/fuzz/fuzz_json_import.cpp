// libFuzzer target: the JSON dataset importer. Any input must give a plan or an error value (never a
// crash, a sanitizer report or an exception), a preview must never fail for a database reason, and an
// applied import must undo back to exactly the rows it started from. Run by tests/fuzz/run.sh.
#include <cstdint>
#include <string>
#include <string_view>

#include "io/json_reader.h"
#include "fuzz_common.h"

using namespace vastuu;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    auto plan = parse_dataset_json(text);
    if (!plan.ok()) return 0;
    fuzz::check_preview_apply_undo(fuzz::fuzz_engine(), plan.value(),
                                   nlohmann::json{{"cmd", "dataset.import"}, {"text", std::string(text)}});
    return 0;
}
