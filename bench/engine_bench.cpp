// Engine benchmarks: the same source runs natively and as wasm under node, so the two can be compared
// figure by figure. Usage: engine_bench DATABASE [RUNS] — prints one JSON object:
//   {"figure": {"median": ms, "min": ms, "max": ms, "runs": n}, ...}
// DATABASE is copied first; the copy is changed and removed, the original never is.
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

#include "dataset_json.h"
#include "engine.h"
#include "persons_in_charge.h"
#include "responsibility_matrix.h"

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

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: engine_bench DATABASE [RUNS]\n");
        return 2;
    }
    const std::string source = argv[1];
    const int runs = argc > 2 ? std::max(5, std::atoi(argv[2])) : 5;
    const std::string work = source + ".bench-copy";
    must(copy_file(source, work), "copying the database");
    EngineOptions options;
    options.today = [] { return std::string("2026-11-26"); };

    std::unique_ptr<Engine> engine;
    measure("open_db_ms", runs, [&] {
        engine.reset();
        auto e = Engine::open(work, options);
        must(e.ok(), "opening");
        engine = std::move(e.value());
    });

    ResponsibilityMatrix matrix;
    measure("matrix_load_ms", runs, [&] { must(matrix.load(engine->handle(), "2026-11-26").ok(), "loading the matrix"); });

    // A filter change: a customer group on, then off (each timed).
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
        f.group = CustomerGroupId();
        matrix.apply(f);
    });
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
        must(matrix.refresh(engine->handle(), engine->last_changes()).ok(), "refreshing");
    });

    measure("json_export_ms", runs, [&] {
        auto doc = export_dataset_json(engine->handle());
        must(doc.ok(), "exporting JSON");
        std::string text = doc->dump();
        must(text.size() > 1000, "JSON size");
    });
    measure("xlsx_customers_export_ms", runs, [&] {
        auto bytes = engine->export_customers_xlsx(CustomerFilter{});
        must(bytes.ok() && bytes->size() > 1000, "exporting xlsx");
    });

    // The persons-in-charge listing (issue 5): every responsibility, projects and archived included.
    PersonsInCharge persons;
    measure("persons_load_ms", runs, [&] { must(persons.load(engine->handle(), "2026-11-26").ok(), "loading persons"); });
    PersonsFilter everything;
    everything.show_projects = true;
    everything.include_archived = true;
    persons.apply(everything);
    // A header click on each column in turn: the figure is the slowest column of each run.
    measure("persons_sort_ms", runs, [&] {
        double worst = 0;
        for (int c = 0; c < kPersonsColumnCount; ++c) {
            auto start = Clock::now();
            persons.sort(PersonsColumn(c), c % 2 == 0);
            worst = std::max(worst, std::chrono::duration<double, std::milli>(Clock::now() - start).count());
        }
        g_samples["persons_sort_worst_ms"].push_back(worst);
    });
    g_samples.erase("persons_sort_ms");
    // A filter change: a customer search, then an as-of date with "ending within a year" (each timed).
    measure("persons_filter_ms", runs, [&] {
        PersonsFilter f = everything;
        f.search = "oy";
        persons.apply(f);
    });
    measure("persons_filter_ms", runs, [&] {
        PersonsFilter f = everything;
        f.as_of = "2026-11-26";
        f.ending_within_days = 365;
        persons.apply(f);
    });
    persons.apply(everything);
    measure("persons_xlsx_export_all_ms", std::min(runs, 3), [&] {
        auto bytes = persons.export_xlsx();
        must(bytes.ok() && bytes->size() > 1000, "exporting the persons listing");
    });
    std::fprintf(stderr, "engine_bench: persons listing of %zu rows\n", persons.row_count());

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
