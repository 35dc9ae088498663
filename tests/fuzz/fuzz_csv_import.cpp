// libFuzzer target: the CSV importer (customers, employees, responsibilities; the first byte picks the
// kind). Same promises as fuzz_json_import.cpp: error values only, previews that never fail, and an
// applied import that undoes back to exactly the rows it started from. Run by tests/fuzz/run.sh.
#include <cstdint>
#include <string>
#include <string_view>

#include "io/csv_reader.h"
#include "fuzz_common.h"

using namespace vastuu;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    static const char* const kKinds[] = {"customers", "employees", "responsibilities", "auto"};
    const char* kind = kKinds[data[0] % 4];
    std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
    (void)detect_csv_kind(text);  // the detector sees every input, whichever kind is picked
    ImportKind k = ImportKind::Customers;
    if (kind[0] != 'a') parse_import_kind(kind, k);
    else if (auto detected = detect_csv_kind(text); detected.ok()) k = detected.value();
    else return 0;
    auto plan = parse_csv(text, k);
    if (!plan.ok()) return 0;
    fuzz::check_preview_apply_undo(fuzz::fuzz_engine(), plan.value(),
                                   nlohmann::json{{"cmd", "csv.import"}, {"text", std::string(text)}, {"kind", kind}});
    return 0;
}
