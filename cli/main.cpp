// `vastuu`: the command-line tool. It links only the engine, so everything it does goes through the
// same code as the web app: checks, exports, demo databases and commands on a database file.
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <string>

#include "dataset_json.h"
#include "demo_data.h"
#include "engine.h"

using namespace vastuu;

namespace {

const char* const kUsage =
    "usage: vastuu COMMAND FILE [ARGS]\n"
    "  check FILE                  integrity check, schema version and tables; exit 1 if bad\n"
    "  stats FILE                  the counts of every entity, as JSON\n"
    "  export-json FILE [OUT]      the whole dataset as JSON (to stdout without OUT)\n"
    "  export-xlsx FILE OUT        the customers list as an Excel workbook\n"
    "  demo FILE [--scale]         create FILE with the demo dataset (or the benchmark-scale one)\n"
    "  command FILE JSON           run one engine command, e.g. '{\"cmd\":\"customer.create\",\"name\":\"X\"}'\n";

int fail(const Error& e) {
    std::fprintf(stderr, "error %s: %s\n", e.code.c_str(), e.message.c_str());
    return 1;
}

std::string dump(const nlohmann::json& j) {
    return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

bool file_exists(const std::string& path) { return std::ifstream(path).good(); }

Result<std::unique_ptr<Engine>> open_existing(const std::string& path) {
    // Opening creates a missing file; the tool refuses instead, so a typo is not a new database.
    if (!file_exists(path)) return Error{"cli.no_such_file", "no such file: " + path, ""};
    VASTUU_TRY(Engine::check_file(path));
    return Engine::open(path);
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
        auto status = Engine::check_file(path);
        if (!status.ok()) return fail(status.error());
        std::puts("ok");
        return 0;
    }
    if (cmd == "demo") {
        if (file_exists(path)) return fail({"cli.file_exists", "refusing to overwrite " + path, ""});
        auto engine = Engine::open(path);
        if (!engine.ok()) return fail(engine.error());
        bool scale = argc > 3 && std::strcmp(argv[3], "--scale") == 0;
        auto status = generate_demo((*engine)->handle(), scale ? demo_scale() : demo_default());
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
        auto doc = export_dataset_json(e.handle());
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
