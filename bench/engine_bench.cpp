// Engine benchmarks: the same source runs natively and as wasm under node, so the two can be compared
// figure by figure. Usage:
//   engine_bench DATABASE [RUNS]            every figure; prints one JSON object:
//                                           {"figure": {"median": ms, "min": ms, "max": ms, "runs": n}, ...}
//   engine_bench --persons-xlsx DATABASE OUT  one xlsx export of every persons-in-charge row (customer and
//                                           project ones, archived too) into OUT; prints {"rows": n, "ms": ms}
//                                           (bench/run.mjs runs it under /usr/bin/time for peak memory)
//   engine_bench --json-import DOCUMENT     the JSON document (vastuu export-json) imported into an
//                                           empty database in memory as the app's Import does (parse,
//                                           preview, apply as one command); prints {"ms", "bytes",
//                                           "created"} (bench/run.mjs: peak memory under /usr/bin/time)
// DATABASE is copied first; the copy is changed and removed, the original never is. As wasm (under
// node) the copy is in Emscripten's in-memory file system, where the app keeps its database: the
// host's files are reached through NODEFS at /host, and only the copy and the output go through it.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#ifdef __EMSCRIPTEN__
#include <emscripten.h>
#endif

#include "core/engine.h"
#include "io/dataset_json.h"
#include "io/import.h"
#include "models/persons_in_charge.h"
#include "models/responsibility_matrix.h"

using namespace vastuu;
using Clock = std::chrono::steady_clock;

namespace {

std::map<std::string, std::vector<double>> g_samples;

// Times `body` `runs` times (after `setup`, which is not timed) under `name`.
void measure(const std::string& name, int runs, const std::function<void()>& body,
             const std::function<void()>& setup = nullptr) {
    for (int i = 0; i < runs; ++i) {
        if (setup) setup();
        auto start = Clock::now();
        body();
        g_samples[name].push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
    }
}

bool copy_file(const std::string& from, const std::string& to) {
    std::ifstream in(from, std::ios::binary);
    std::ofstream out(to, std::ios::binary | std::ios::trunc);
    out << in.rdbuf();
    return in.good() && out.good();
}

void must(bool ok, const char* what) {
    if (!ok) {
        std::fprintf(stderr, "engine_bench: %s failed\n", what);
        std::exit(1);
    }
}

// Where a path given on the command line is for this process: itself natively; under /host (the
// host's file system, mounted once) as wasm.
std::string host_path(const std::string& path) {
#ifdef __EMSCRIPTEN__
    static bool mounted = false;
    if (!mounted) {
        EM_ASM({
            FS.mkdir('/host');
            FS.mount(NODEFS, {root : '/'}, '/host');
        });
        mounted = true;
    }
    // (Emscripten 3.1.6 has no EM_ASM_PTR; a wasm32 pointer fits an int.)
    char* absolute = reinterpret_cast<char*>(static_cast<uintptr_t>(
        EM_ASM_INT({ return allocateUTF8(require("path").resolve(UTF8ToString($0))); }, path.c_str())));
    std::string out = std::string("/host") + absolute;
    std::free(absolute);
    return out;
#else
    return path;
#endif
}

// The working copy of the database: beside it natively, in memory (MEMFS, as in the app) as wasm.
std::string work_path(const std::string& source) {
#ifdef __EMSCRIPTEN__
    (void)source;
    return "/tmp/engine-bench.sqlite";
#else
    return source + ".bench-copy";
#endif
}

double ms_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// Every persons-in-charge row, as the export compared with SheetJS and ExcelJS writes them.
PersonsFilter all_persons() {
    PersonsFilter f;
    f.include_archived = true;
    f.show_projects = true;
    return f;
}

// The --persons-xlsx mode: open, load the listing (not timed), export it (timed), write the file.
int persons_xlsx(const std::string& db, const std::string& out_path) {
    EngineOptions options;
    options.today = [] { return std::string("2026-11-26"); };
    auto engine = Engine::open(db, options);
    must(engine.ok(), "opening");
    PersonsInCharge persons;
    must(persons.load(*engine.value()).ok(), "loading the persons in charge");
    persons.apply(all_persons());
    auto start = Clock::now();
    auto bytes = persons.export_xlsx();
    const double ms = ms_since(start);
    must(bytes.ok(), "exporting the persons in charge");
    std::ofstream out(out_path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(bytes->data()), std::streamsize(bytes->size()));
    must(out.good(), "writing the xlsx file");
    std::cout << nlohmann::json{{"rows", persons.row_count()}, {"ms", ms}, {"bytes", bytes->size()}}.dump() << std::endl;
    return 0;
}

// The --json-import mode: the whole document read, then imported (timed) into ":memory:".
int json_import(const std::string& document) {
    std::string text;
    {
        std::ifstream in(document, std::ios::binary);
        must(in.good(), "reading the document");
        text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    EngineOptions options;
    options.today = [] { return std::string("2026-11-26"); };
    auto target = Engine::open(":memory:", options);
    must(target.ok(), "opening an empty database");
    auto start = Clock::now();
    auto preview = prepare_import(**target, text, "json", "");
    must(preview.ok() && preview->value("can_apply", false), "previewing the import");
    auto applied = (*target)->execute({{"cmd", "import.apply"}, {"token", (*preview)["token"]}});
    must(applied.ok(), "applying the import");
    const double ms = ms_since(start);
    std::cout << nlohmann::json{{"ms", ms}, {"bytes", text.size()}, {"created", applied.value().value("created", 0)}}.dump()
              << std::endl;
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc == 4 && std::string(argv[1]) == "--persons-xlsx") {
        const std::string work = work_path(host_path(argv[2]));
        must(copy_file(host_path(argv[2]), work), "copying the database");
        const int rc = persons_xlsx(work, host_path(argv[3]));
        std::remove(work.c_str());
        return rc;
    }
    if (argc == 3 && std::string(argv[1]) == "--json-import") return json_import(host_path(argv[2]));
    if (argc < 2) {
        std::fprintf(stderr, "usage: engine_bench DATABASE [RUNS] | engine_bench --persons-xlsx DATABASE OUT | "
                             "engine_bench --json-import DOCUMENT\n");
        return 2;
    }
    const std::string source = host_path(argv[1]);
    const int runs = argc > 2 ? std::max(5, std::atoi(argv[2])) : 5;
    const std::string work = work_path(source);
    must(copy_file(source, work), "copying the database");
    EngineOptions options;
    options.today = [] { return std::string("2026-11-26"); };

    // What File › Open does before it replaces anything: the file read into a copy in memory and
    // checked (Engine::check_file: integrity, foreign keys, dates).
    measure("check_db_ms", runs, [&] { must(Engine::check_file(work).ok(), "checking the database"); });

    std::unique_ptr<Engine> engine;
    measure("open_db_ms", runs, [&] {
        engine.reset();
        auto e = Engine::open(work, options);
        must(e.ok(), "opening");
        engine = std::move(e.value());
    });

    ResponsibilityMatrix matrix;
    measure("matrix_load_ms", runs, [&] { must(matrix.load(*engine).ok(), "loading the matrix"); });

    // A filter change: a customer group on (timed) from no filter (not timed).
    int64_t group = 0;
    {
        auto groups = engine->list_customer_groups();
        must(!groups.empty(), "finding a group");
        group = groups[groups.size() / 2].id.value;
    }
    measure("matrix_filter_change_ms", runs, [&] {
        MatrixFilter f;
        f.group = CustomerGroupId(group);
        matrix.apply(f);
    }, [&] { matrix.apply(MatrixFilter{}); });
    matrix.apply(MatrixFilter{});
    // Every keystroke of a search, as a user types it: the figure is the slowest keystroke of each run.
    measure("matrix_search_keystroke_ms", runs, [&] {
        const std::string typed = "mäkelä";
        double worst = 0;
        std::string so_far;
        for (size_t i = 0; i < typed.size(); ++i) {
            so_far.push_back(typed[i]);
            if ((static_cast<unsigned char>(typed[i]) & 0xC0) == 0xC0) continue;  // mid-character
            auto start = Clock::now();
            MatrixFilter f;
            f.search = so_far;
            matrix.apply(f);
            worst = std::max(worst, std::chrono::duration<double, std::milli>(Clock::now() - start).count());
        }
        g_samples["matrix_search_keystroke_worst_ms"].push_back(worst);
    });
    g_samples.erase("matrix_search_keystroke_ms");
    matrix.apply(MatrixFilter{});

    // A cell toggle: command committed to the database, model patched.
    size_t step = 0;
    measure("matrix_toggle_commit_ms", runs * 4, [&] {
        size_t r = (step * 7919) % matrix.row_count();
        size_t c = (step * 104729) % matrix.column_count();
        ++step;
        auto result = engine->execute({{"cmd", "responsibility.toggle"},
                                       {"customer_id", matrix.row_customer(r).value},
                                       {"employee_id", matrix.column_employee(c).value}});
        must(result.ok(), "toggling");
        must(matrix.refresh().ok(), "refreshing");
    });

    // A bulk edit of 10,000 cells (100 employees × 100 customers, or 40 × 250 on the demo data; a
    // different block each run) with responsibility.set_many, one command, to the model patched;
    // undone before the next run (not timed).
    const size_t bulk_cols = std::min<size_t>(100, matrix.column_count());
    const size_t bulk_rows = 10000 / std::max<size_t>(1, bulk_cols);
    must(bulk_cols * bulk_rows == 10000 && matrix.row_count() >= bulk_rows, "10,000 cells for the bulk edit");
    int bulk_run = 0;
    bool bulk_applied = false;
    auto undo_bulk = [&] {
        if (!bulk_applied) return;
        must(engine->execute({{"cmd", "undo"}}).ok(), "undoing the bulk edit");
        must(matrix.refresh().ok(), "refreshing after undo");
        bulk_applied = false;
    };
    measure("matrix_bulk_edit_10000_cells_ms", runs, [&] {
        nlohmann::json customers = nlohmann::json::array(), employees = nlohmann::json::array();
        const size_t row0 = (size_t(bulk_run) * bulk_rows * 37) % (matrix.row_count() - bulk_rows + 1);
        const size_t col0 = (size_t(bulk_run) * bulk_cols) % (matrix.column_count() - bulk_cols + 1);
        for (size_t i = 0; i < bulk_rows; ++i) customers.push_back(matrix.row_customer(row0 + i).value);
        for (size_t i = 0; i < bulk_cols; ++i) employees.push_back(matrix.column_employee(col0 + i).value);
        ++bulk_run;
        auto result = engine->execute({{"cmd", "responsibility.set_many"}, {"responsible", true},
                                       {"customer_ids", customers}, {"employee_ids", employees}});
        must(result.ok(), "the bulk edit");
        // Cells already responsible stay as they are: most of the 10,000 change.
        must(result.value().value("changed", 0) > 5000, "a bulk edit changing most of 10,000 cells");
        bulk_applied = true;
        must(matrix.refresh().ok(), "refreshing after the bulk edit");
    }, undo_bulk);
    undo_bulk();

    // The persons-in-charge listing: load, a filter change (a customer group on), and a sort by each
    // column (the slowest one counts).
    PersonsInCharge persons;
    measure("persons_load_ms", runs, [&] { must(persons.load(*engine).ok(), "loading persons"); });
    persons.apply(all_persons());
    measure("persons_filter_change_ms", runs, [&] {
        PersonsFilter f = all_persons();
        f.customer_group = CustomerGroupId(group);
        persons.apply(f);
    }, [&] { persons.apply(all_persons()); });
    persons.apply(all_persons());
    // A header click on each column in turn: the figure is the slowest column of each run.
    for (int i = 0; i < runs; ++i) {
        double worst = 0;
        for (int c = 0; c < kPersonsColumnCount; ++c) {
            auto start = Clock::now();
            persons.sort(PersonsColumn(c), c % 2 == 0);
            worst = std::max(worst, std::chrono::duration<double, std::milli>(Clock::now() - start).count());
        }
        g_samples["persons_sort_ms"].push_back(worst);
    }
    persons.sort(PersonsColumn::Customer, true);
    // The xlsx export of every row is measured by --persons-xlsx, in a process of its own (peak memory).

    measure("json_export_ms", runs, [&] {
        auto doc = export_dataset_json(engine->handle());
        must(doc.ok(), "exporting JSON");
        std::string text = doc->dump();
        must(text.size() > 1000, "JSON size");
    });
    // JSON import of the whole dataset into an empty database: parse, preview, apply (one command).
    // Only for documents up to 20 MB: the scale document (77 MB) takes tens of seconds per run and
    // over 500 MB of memory, which is reported from the command-line tool instead (RESULTS.md).
    {
        auto doc = export_dataset_json(engine->handle());
        must(doc.ok(), "exporting JSON for the import");
        const std::string text = doc->dump();
        if (text.size() <= 20u << 20) {
            measure("json_import_ms", runs, [&] {
                auto target = Engine::open(":memory:", options);
                must(target.ok(), "opening an empty database");
                auto preview = prepare_import(**target, text, "json", "");
                must(preview.ok() && preview->value("can_apply", false), "previewing the import");
                auto applied = (*target)->execute({{"cmd", "import.apply"}, {"token", (*preview)["token"]}});
                must(applied.ok(), "applying the import");
            });
        }
    }
    measure("xlsx_customers_export_ms", runs, [&] {
        auto bytes = engine->export_customers_xlsx(CustomerFilter{});
        must(bytes.ok() && bytes->size() > 1000, "exporting xlsx");
    });

    engine.reset();
    std::remove(work.c_str());

    nlohmann::json out = nlohmann::json::object();
    for (auto& [name, samples] : g_samples) {
        std::sort(samples.begin(), samples.end());
        out[name] = {{"median", samples[samples.size() / 2]}, {"min", samples.front()}, {"max", samples.back()},
                     {"runs", samples.size()}};
    }
    std::cout << out.dump(2) << std::endl;
    return 0;
}
