// `vastuu`: the command-line tool. It links only the engine, so everything it does goes through the
// same code as the web app: checks, exports, demo databases and commands on a database file.
#include <cstdio>
#include <cctype>
#include <cstring>
#include <fstream>
#include <iostream>
#include <string>

#include "core/engine.h"
#include "io/csv_export.h"
#include "io/dataset_json.h"
#include "io/demo_data.h"
#include "io/import.h"

using namespace vastuu;

namespace {

const char* const kUsage =
    "usage: vastuu COMMAND FILE [ARGS]\n"
    "  check FILE                  integrity, schema (as this version makes it), rules and foreign keys;\n"
    "                              exit 1 if bad; writes nothing, not even next to FILE\n"
    "  stats FILE                  the counts of every entity, as JSON\n"
    "  export-json FILE [OUT]      the whole dataset as JSON (to stdout without OUT)\n"
    "  export-xlsx FILE OUT        the customers list as an Excel workbook\n"
    "  demo FILE [--scale]         create FILE with the demo dataset (or the benchmark-scale one)\n"
    "  command FILE JSON           run one engine command, e.g. '{\"cmd\":\"customer.create\",\"name\":\"X\"}'\n"
    "  import FILE IN.json|IN.csv [--kind customers|employees|responsibilities] [--dry-run] [--accept-warnings]\n"
    "                              preview (created, updated, conflicts, bad rows), then apply all or nothing;\n"
    "                              exit 1 and nothing written when a row is bad, or when the file has warnings\n"
    "                              (printed on stderr) and --accept-warnings is not given\n"
    "  export FILE OUT.json|OUT.csv [--kind customers|employees|responsibilities]\n"
    "                              the whole dataset as JSON, or one kind of rows as CSV\n";

// "error CODE: message", then the detail (SQLite's own words), when there is one, on its own lines.
int fail(const Error& e) {
    std::fprintf(stderr, "error %s: %s\n", e.code.c_str(), e.message.c_str());
    if (!e.detail.empty()) std::fprintf(stderr, "%s\n", e.detail.c_str());
    return 1;
}

void warn(const Error& w) {
    std::fprintf(stderr, "warning %s: %s\n", w.code.c_str(), w.message.c_str());
    if (!w.detail.empty()) std::fprintf(stderr, "%s\n", w.detail.c_str());
}

// The whole check of a file from outside (Engine::inspect_file); its warnings go to stderr.
Status check_and_warn(const std::string& path) {
    auto inspected = Engine::inspect_file(path);
    if (!inspected) return inspected.error();
    for (const Error& w : inspected->warnings) warn(w);
    return {};
}

std::string dump(const nlohmann::json& j) {
    return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

bool file_exists(const std::string& path) { return std::ifstream(path).good(); }

Result<std::unique_ptr<Engine>> open_existing(const std::string& path) {
    // Opening creates a missing file; the tool refuses instead, so a typo is not a new database.
    if (!file_exists(path)) return Error{"cli.no_such_file", "no such file: " + path, ""};
    VASTUU_TRY(check_and_warn(path));
    return Engine::open(path);
}

bool read_file(const std::string& path, std::string& out) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    return true;
}

bool ends_with(const std::string& s, const char* suffix) {
    size_t n = std::strlen(suffix);
    if (s.size() < n) return false;
    for (size_t i = 0; i < n; ++i)
        if (std::tolower(static_cast<unsigned char>(s[s.size() - n + i])) != suffix[i]) return false;
    return true;
}

// The value of "--name VALUE" among argv[from..], "" when absent; `flag` reports a bare "--name".
std::string option(int argc, char** argv, int from, const char* name, bool* flag = nullptr) {
    for (int i = from; i < argc; ++i) {
        if (std::strcmp(argv[i], name) != 0) continue;
        if (flag) *flag = true;
        return i + 1 < argc ? argv[i + 1] : "";
    }
    return "";
}

bool write_file(const std::string& path, const void* data, size_t size) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(static_cast<const char*>(data), static_cast<std::streamsize>(size));
    return out.good();
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fputs(kUsage, stderr);
        return 2;
    }
    const std::string cmd = argv[1];
    const std::string path = argv[2];

    if (cmd == "check") {
        if (!file_exists(path)) return fail({"cli.no_such_file", "no such file: " + path, ""});
        // Reads the file into memory and checks the copy: nothing is written next to FILE.
        auto status = check_and_warn(path);
        if (!status.ok()) return fail(status.error());
        std::puts("ok");
        return 0;
    }
    if (cmd == "demo") {
        if (file_exists(path)) return fail({"cli.file_exists", "refusing to overwrite " + path, ""});
        auto engine = Engine::open(path);
        if (!engine.ok()) return fail(engine.error());
        bool scale = argc > 3 && std::strcmp(argv[3], "--scale") == 0;
        auto status = generate_demo(**engine, scale ? demo_scale() : demo_default());
        if (!status.ok()) return fail(status.error());
        std::cout << dump(nlohmann::json{{"created", path}, {"scale", scale}}) << "\n";
        return 0;
    }

    auto engine = open_existing(path);
    if (!engine.ok()) return fail(engine.error());
    Engine& e = **engine;

    if (cmd == "stats") {
        Counts c = e.counts();
        std::cout << dump({{"customers", c.customers}, {"projects", c.projects}, {"employees", c.employees},
                           {"responsibilities", c.responsibilities}, {"customerGroups", c.customer_groups},
                           {"specialGroups", c.special_groups}, {"teams", c.teams}, {"roles", c.roles}})
                  << "\n";
        return 0;
    }
    if (cmd == "export-json") {
        auto doc = export_dataset_json(e);
        if (!doc.ok()) return fail(doc.error());
        std::string text = dump(*doc) + "\n";
        if (argc > 3) {
            if (!write_file(argv[3], text.data(), text.size()))
                return fail({"cli.write_failed", std::string("cannot write ") + argv[3], ""});
        } else {
            std::cout << text;
        }
        return 0;
    }
    if (cmd == "export-xlsx" && argc > 3) {
        auto bytes = e.export_customers_xlsx(CustomerFilter{});
        if (!bytes.ok()) return fail(bytes.error());
        if (!write_file(argv[3], bytes->data(), bytes->size()))
            return fail({"cli.write_failed", std::string("cannot write ") + argv[3], ""});
        return 0;
    }
    if (cmd == "import" && argc > 3) {
        const std::string in = argv[3];
        std::string text;
        if (!read_file(in, text)) return fail({"cli.no_such_file", "cannot read " + in, ""});
        bool dry_run = false;
        option(argc, argv, 4, "--dry-run", &dry_run);
        auto preview = prepare_import(e, text, import_format_of(in, text), option(argc, argv, 4, "--kind"));
        if (!preview.ok()) return fail(preview.error());
        nlohmann::json report = *preview;
        const std::string token = report["token"];
        report.erase("token");
        for (const auto& issue : report["errors"])
            std::fprintf(stderr, "%s %s\n", issue["code"].get<std::string>().c_str(),
                         issue["message"].get<std::string>().c_str());
        for (const auto& issue : report["warnings"])
            warn({issue["code"].get<std::string>(), issue["message"].get<std::string>(), ""});
        // A file with warnings (read as Windows-1252, unknown columns, cells past the header) is
        // applied only when asked to: the user has read them.
        bool accept_warnings = false;
        option(argc, argv, 4, "--accept-warnings", &accept_warnings);
        const bool held = !report["warnings"].empty() && !accept_warnings;
        if (dry_run || !report["can_apply"].get<bool>() || held) {
            discard_import(token);
            report["applied"] = false;
            std::cout << dump(report) << "\n";
            if (!report["can_apply"].get<bool>()) return 1;
            if (held && !dry_run) {
                return fail({"import.has_warnings",
                             "the file has warnings (above); nothing was written. Check them and run again with "
                             "--accept-warnings to apply it.", ""});
            }
            return 0;
        }
        auto applied = e.execute(nlohmann::json{{"cmd", "import.apply"}, {"token", token}});
        if (!applied.ok()) return fail(applied.error());
        nlohmann::json out = *applied;
        out.erase("ok");
        out["applied"] = true;
        std::cout << dump(out) << "\n";
        return 0;
    }
    if (cmd == "export" && argc > 3) {
        const std::string out = argv[3];
        std::string text;
        if (ends_with(out, ".json")) {
            auto doc = export_dataset_json(e);
            if (!doc.ok()) return fail(doc.error());
            text = dump(*doc) + "\n";
        } else {
            const std::string kind_name = option(argc, argv, 4, "--kind");
            auto kind = kind_name.empty() ? Result<ImportKind>(ImportKind::Customers) : parse_csv_kind(kind_name);
            if (!kind.ok()) return fail(kind.error());
            auto csv = export_csv(e, kind.value());
            if (!csv.ok()) return fail(csv.error());
            text = std::move(*csv);
        }
        if (!write_file(out, text.data(), text.size()))
            return fail({"cli.write_failed", "cannot write " + out, ""});
        return 0;
    }
    if (cmd == "command" && argc > 3) {
        auto command = nlohmann::json::parse(argv[3], nullptr, false);
        if (command.is_discarded()) return fail({"command.invalid_json", "the command is not valid JSON", ""});
        auto result = e.execute(command);
        if (!result.ok()) return fail(result.error());
        std::cout << dump(*result) << "\n";
        return 0;
    }
    std::fputs(kUsage, stderr);
    return 2;
}
