// bench/server_load: vastuu-server under load on loopback, bounded in time. The scale dataset
// (50,000 customers), the real server binary, 200 WebSocket clients of which 20 write:
//   - command round trip (send -> ack) p50/p95 at a paced rate, and fan-out (send -> the change at
//     all 200 clients) p95;
//   - accepted commands per second with the 20 writers as fast as acks allow;
//   - the first snapshot download for a salesperson;
//   - the server's resident memory with 200 clients connected.
// Writes bench/server_results.json (or the path given) and prints it.
//   server_load [--out FILE] [--seconds N] [--server PATH]
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "io/demo_data.h"
#include "core/engine.h"
#include "live_client.h"
#include "process_stats.h"
#include "core/sql.h"
#include "sync/sync.h"

using namespace vastuu_test;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

double load_average() {
    std::ifstream in("/proc/loadavg");
    double l = 0;
    in >> l;
    return l;
}

using vastuu_bench::cpu_seconds;
using vastuu_bench::percentile;

namespace {

double ms_since(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

std::string command_id_of(const std::string& text) {
    auto at = text.find("\"command_id\":\"");
    if (at == std::string::npos) return std::string();
    at += 14;
    return text.substr(at, text.find('"', at) - at);
}

std::string type_of(const std::string& text) {
    auto at = text.find("\"type\":\"");
    if (at == std::string::npos) return std::string();
    at += 8;
    return text.substr(at, text.find('"', at) - at);
}

struct Sent {
    Clock::time_point at;
    int arrivals = 0;
    double last_arrival_ms = 0;
    double ack_ms = -1;
};

}  // namespace

int main(int argc, char** argv) {
    std::string out = "bench/server_results.json";
    std::string binary = server_binary();
    int seconds = 8;
    int rate = 2;  // commands per second per writer in the paced phase
    for (int i = 1; i + 1 < argc; i += 2) {
        std::string a = argv[i];
        if (a == "--out") out = argv[i + 1];
        else if (a == "--seconds") seconds = std::atoi(argv[i + 1]);
        else if (a == "--server") binary = argv[i + 1];
        else if (a == "--rate") rate = std::max(1, std::atoi(argv[i + 1]));
    }
    const int kClients = 200, kWriters = 20, kReaderAccounts = 20;

    char tmpl[] = "/tmp/vastuu-server-load-XXXXXX";
    const std::string dir = mkdtemp(tmpl);
    std::printf("server_load: building the scale dataset in %s\n", dir.c_str());
    std::fflush(stdout);
    std::vector<int64_t> salespersons, customers, employees;
    {
        auto e = vastuu::Engine::open(dir + "/vastuu.sqlite");
        if (!e.ok() || !vastuu::generate_demo(e.value()->handle(), vastuu::demo_scale()).ok()) {
            std::fprintf(stderr, "server_load: cannot build the scale dataset\n");
            return 1;
        }
        sqlite3* db = e.value()->handle();
        vastuu::Stmt s(db, "SELECT DISTINCT employee_id FROM customer_group_salesperson ORDER BY employee_id");
        while (s.row()) salespersons.push_back(s.int64(0));
        vastuu::Stmt c(db, "SELECT id FROM customer");
        while (c.row()) customers.push_back(c.int64(0));
        vastuu::Stmt m(db, "SELECT id FROM employee");
        while (m.row()) employees.push_back(m.int64(0));
    }
    // The engine alone, in this process, on the same file with the server's settings: what one
    // command costs without the network (sync::execute with its sync_log row, one fsync per commit),
    // and with the per-account filtering the server does for 21 accounts.
    double engine_ms_per_command = 0, engine_deliver_ms_per_command = 0;
    {
        auto e = vastuu::Engine::open(dir + "/vastuu.sqlite");
        sqlite3_exec(e.value()->handle(), "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL", nullptr, nullptr, nullptr);
        const vastuu::sync::Account admin_account{"bench", vastuu::EmployeeId(), true};
        const vastuu::sync::Clock clock{"2026-12-01T12:00:00Z", "2026-12-01"};
        std::vector<vastuu::sync::Account> readers;
        std::vector<vastuu::Engine::VisibleCustomers> seen;
        for (int i = 0; i < kReaderAccounts && i < static_cast<int>(salespersons.size()); ++i) {
            readers.push_back({"s", vastuu::EmployeeId(salespersons[i]), false});
            seen.push_back(vastuu::sync::visible_customers(*e.value(), readers.back(), clock.today));
        }
        const int n = 200;
        auto t = Clock::now();
        double deliver_ms = 0;
        for (int i = 0; i < n; ++i) {
            json cmd = {{"cmd", "responsibility.toggle"}, {"employee_id", employees[i % employees.size()]},
                        {"customer_id", customers[(i * 7919) % customers.size()]}};
            auto r = vastuu::sync::execute(*e.value(), "engine-" + std::to_string(i), cmd, admin_account, clock);
            if (!r.ok()) continue;
            auto d0 = Clock::now();
            for (size_t a = 0; a < readers.size(); ++a) {
                auto d = vastuu::sync::deliver(*e.value(), r->change, readers[a], seen[a], clock.today);
                (void)vastuu::sync::change_message(r->change, d.rows).dump();
            }
            deliver_ms += ms_since(d0);
        }
        engine_ms_per_command = (ms_since(t) - deliver_ms) / n;
        engine_deliver_ms_per_command = deliver_ms / n;
    }
    ServerProcess server(binary, dir);
    if (!server.start()) {
        std::fprintf(stderr, "server_load: the server did not start\n");
        return 1;
    }
    const int port = server.port();
    const long rss_idle = server.rss_kib();
    auto admin = post_json(port, "/api/accept-invitation",
                           {{"token", server.first_invitation()}, {"email", "admin@bench.fi"}, {"password", "bench password 1"}});
    const std::string admin_cookie = admin.cookie();
    if (admin_cookie.empty()) {
        std::fprintf(stderr, "server_load: admin sign-up failed: %s\n", admin.body.c_str());
        return 1;
    }
    // Salesperson accounts for the readers (each account has several tabs open).
    std::vector<std::string> reader_cookies;
    for (int i = 0; i < kReaderAccounts && i < static_cast<int>(salespersons.size()); ++i) {
        auto inv = post_json(port, "/api/invitations", {{"employee_id", salespersons[i]}, {"kind", "employee"}}, admin_cookie);
        auto up = post_json(port, "/api/accept-invitation",
                            {{"token", inv.json()["token"]}, {"email", "s" + std::to_string(i) + "@bench.fi"}, {"password", "bench password 1"}});
        reader_cookies.push_back(up.cookie());
    }

    // The first snapshot of a salesperson (the server computes it per request).
    std::vector<double> snapshot_ms;
    size_t snapshot_bytes = 0;
    for (int i = 0; i < 3 && i < static_cast<int>(reader_cookies.size()); ++i) {
        auto t = Clock::now();
        auto r = get(port, "/api/snapshot", reader_cookies[i]);
        snapshot_ms.push_back(ms_since(t));
        if (i == 0) snapshot_bytes = r.body.size();
    }
    auto t_admin_snapshot = Clock::now();
    auto admin_snapshot = get(port, "/api/snapshot", admin_cookie);
    const double admin_snapshot_ms = ms_since(t_admin_snapshot);
    const int64_t seq0 = std::atoll(admin_snapshot.headers["x-vastuu-seq"].c_str());

    // 200 clients: 20 writers (the administrator's tabs), 180 readers over the salesperson accounts.
    Loop loop;
    std::vector<std::unique_ptr<Live>> clients;
    std::unordered_map<std::string, Sent> sent;
    int ready = 0;
    for (int i = 0; i < kClients; ++i) {
        const bool writer = i < kWriters;
        const std::string& cookie = writer ? admin_cookie : reader_cookies[i % reader_cookies.size()];
        auto live = std::make_unique<Live>(loop, port, cookie);
        if (!live->open()) {
            std::fprintf(stderr, "server_load: client %d could not connect\n", i);
            return 1;
        }
        live->on_message([&sent, writer](const std::string& text) {
            const std::string type = type_of(text);
            const std::string id = command_id_of(text);
            auto it = sent.find(id);
            if (it == sent.end()) return;
            if (type == "change") {
                it->second.arrivals++;
                it->second.last_arrival_ms = ms_since(it->second.at);
            } else if (writer && (type == "ack" || type == "refused")) {
                it->second.ack_ms = ms_since(it->second.at);
            }
        });
        live->send({{"type", "hello"}, {"since", seq0}});
        clients.push_back(std::move(live));
        ++ready;
    }
    loop.run_for(500);
    const long rss_connected = server.rss_kib();

    uint64_t rng = 88172645463325252ull;
    auto random = [&rng](size_t n) {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        return static_cast<size_t>(rng % n);
    };
    // Writers toggle responsibilities of employees without a reader account: a reader's own
    // responsibility changes its view, which is a resync (a new snapshot), not a change message.
    std::vector<int64_t> writable;
    for (int64_t id : employees)
        if (std::find(salespersons.begin(), salespersons.begin() + std::min<size_t>(kReaderAccounts, salespersons.size()), id) ==
            salespersons.begin() + std::min<size_t>(kReaderAccounts, salespersons.size()))
            writable.push_back(id);
    int next_id = 0;
    auto send_command = [&](int writer) {
        const std::string id = "w" + std::to_string(writer) + "-" + std::to_string(next_id++);
        json cmd = {{"cmd", "responsibility.toggle"}, {"employee_id", writable[random(writable.size())]},
                    {"customer_id", customers[random(customers.size())]}};
        sent[id].at = Clock::now();
        clients[writer]->send({{"type", "command"}, {"command_id", id}, {"cmd", cmd}});
        return id;
    };

    // Phase 1, paced: each writer sends `rate` commands a second (40/s in all by default: a busy
    // firm's office at once; every command is 200 messages out).
    std::printf("server_load: paced phase (%d s, 20 writers at %d/s each)\n", seconds, rate);
    std::fflush(stdout);
    std::vector<std::string> paced_ids;
    {
        const auto start = Clock::now();
        std::vector<Clock::time_point> due(kWriters);
        for (int w = 0; w < kWriters; ++w) due[w] = start + std::chrono::milliseconds(1000 / rate * w / kWriters);
        while (Clock::now() - start < std::chrono::seconds(seconds)) {
            for (int w = 0; w < kWriters; ++w)
                if (Clock::now() >= due[w]) {
                    paced_ids.push_back(send_command(w));
                    due[w] += std::chrono::milliseconds(1000 / rate);
                }
            loop.run_for(1);
        }
        loop.run_for(1500);  // the last changes arrive
    }
    const long rss_loaded = server.rss_kib();
    std::vector<double> round_trip, fan_out;
    int complete = 0;
    for (const auto& id : paced_ids) {
        const Sent& s = sent[id];
        if (s.ack_ms >= 0) round_trip.push_back(s.ack_ms);
        if (s.arrivals >= kClients) {
            ++complete;
            fan_out.push_back(s.last_arrival_ms);
        }
    }

    // Phase 2, saturated: each writer sends its next command when the previous is answered.
    std::printf("server_load: saturated phase (%d s)\n", seconds);
    std::fflush(stdout);
    int accepted = 0;
    double saturated_seconds = 0;
    const double cpu_before = cpu_seconds(server.pid());
    double saturated_cpu = 0, client_cpu = 0;
    const double client_cpu_before = cpu_seconds(getpid());
    const double load_before = load_average();
    {
        std::vector<std::string> pending(kWriters);
        for (int w = 0; w < kWriters; ++w) pending[w] = send_command(w);
        const auto start = Clock::now();
        while (Clock::now() - start < std::chrono::seconds(seconds)) {
            loop.run_for(1);
            for (int w = 0; w < kWriters; ++w)
                if (sent[pending[w]].ack_ms >= 0) {
                    ++accepted;
                    pending[w] = send_command(w);
                }
        }
        saturated_seconds = std::chrono::duration<double>(Clock::now() - start).count();
        saturated_cpu = cpu_seconds(server.pid()) - cpu_before;
        client_cpu = cpu_seconds(getpid()) - client_cpu_before;
        loop.run_for(1000);
    }

    json results = {
        {"machine", "2-core VM shared with other builds; server and clients on loopback"},
        {"dataset", "vastuu demo --scale: 50,000 customers, 1,000 employees"},
        {"clients", kClients},
        {"writers", kWriters},
        {"paced", {{"seconds", seconds}, {"commands", paced_ids.size()}, {"commands_per_second_offered", rate * kWriters}, {"round_trip_ms_p50", percentile(round_trip, 0.5)},
                   {"round_trip_ms_p95", percentile(round_trip, 0.95)}, {"fan_out_all_200_ms_p95", percentile(fan_out, 0.95)},
                   {"fan_out_all_200_ms_p50", percentile(fan_out, 0.5)},
                   {"commands_reaching_all_200", complete}}},
        {"saturated", {{"seconds", saturated_seconds}, {"accepted", accepted},
                       {"accepted_per_second", accepted / std::max(saturated_seconds, 0.001)},
                       {"server_cpu_seconds", saturated_cpu},
                       {"server_cpu_ms_per_command", accepted ? saturated_cpu * 1000 / accepted : 0},
                       {"bench_client_cpu_seconds", client_cpu}}},
        {"engine_only", {{"execute_ms_per_command", engine_ms_per_command},
                         {"deliver_21_accounts_ms_per_command", engine_deliver_ms_per_command}}},
        {"machine_load_average_1min", load_before},
        {"snapshot", {{"salesperson_first_ms", snapshot_ms.empty() ? 0 : snapshot_ms[0]},
                      {"salesperson_ms_max_of_3", snapshot_ms.empty() ? 0 : *std::max_element(snapshot_ms.begin(), snapshot_ms.end())},
                      {"salesperson_bytes", snapshot_bytes},
                      {"administrator_ms", admin_snapshot_ms}, {"administrator_bytes", admin_snapshot.body.size()}}},
        {"server_rss_kib", {{"idle_after_start", rss_idle}, {"with_200_clients", rss_connected}, {"after_load", rss_loaded}}},
    };
    clients.clear();
    server.stop();
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
    std::ofstream(out) << results.dump(2) << "\n";
    std::printf("%s\n", results.dump(2).c_str());
    return 0;
}
