// vastuu-server: the team server. One data folder (vastuu.sqlite + accounts.sqlite), one engine,
// the web app and its API on one port. docs/team-protocol.md is the contract with the browser.
//   vastuu-server serve --data DIR [--port N] [--listen ADDR] [--static DIR] [--empty] [--url URL]
//                       [--secure-cookies]
//   vastuu-server backup DIR FILE                 a consistent copy of DIR/vastuu.sqlite while it runs
//   vastuu-server invite DIR --admin|--employee ID [--url URL]   prints a new invitation link
#include <sodium.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "accounts.h"
#include "core/engine.h"
#include "http_server.h"

using namespace vastuu;
using namespace vastuu::server;

namespace {

const char* const kUsage =
    "usage:\n"
    "  vastuu-server serve --data DIR [--port N] [--listen ADDR] [--static DIR] [--empty] [--url URL] [--secure-cookies]\n"
    "      serve the web app and its API (default 127.0.0.1:8080; --port 0 picks a free port)\n"
    "  vastuu-server backup DIR FILE\n"
    "      copy DIR/vastuu.sqlite to FILE consistently, also while the server runs\n"
    "  vastuu-server invite DIR --admin | --employee ID [--url URL]\n"
    "      print a new one-time invitation link\n";

int usage() {
    std::fputs(kUsage, stderr);
    return 2;
}

// The web app next to this binary's project: <project>/build/web/dist for build/native/vastuu-server.
std::string default_static_dir() {
    std::error_code ec;
    auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (ec) return std::string();
    for (auto dir = exe.parent_path(); !dir.empty() && dir != dir.root_path(); dir = dir.parent_path()) {
        auto candidate = dir / "web" / "dist";
        if (std::filesystem::exists(candidate / "index.html", ec)) return candidate.string();
        candidate = dir / "build" / "web" / "dist";
        if (std::filesystem::exists(candidate / "index.html", ec)) return candidate.string();
    }
    return std::string();
}

int backup(const std::string& dir, const std::string& file) {
    const std::string source = dir + "/vastuu.sqlite";
    sqlite3* from = nullptr;
    sqlite3* to = nullptr;
    if (sqlite3_open_v2(source.c_str(), &from, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
        std::fprintf(stderr, "vastuu-server backup: cannot open %s: %s\n", source.c_str(), sqlite3_errmsg(from));
        return 1;
    }
    sqlite3_busy_timeout(from, 5000);
    std::remove(file.c_str());
    if (sqlite3_open_v2(file.c_str(), &to, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK) {
        std::fprintf(stderr, "vastuu-server backup: cannot create %s: %s\n", file.c_str(), sqlite3_errmsg(to));
        return 1;
    }
    // One step for the whole file: a consistent read snapshot (WAL lets the server keep writing).
    sqlite3_backup* b = sqlite3_backup_init(to, "main", from, "main");
    int rc = b ? sqlite3_backup_step(b, -1) : SQLITE_ERROR;
    sqlite3_backup_finish(b);
    const std::string error = sqlite3_errmsg(to);
    sqlite3_close(from);
    sqlite3_close(to);
    if (rc != SQLITE_DONE) {
        std::fprintf(stderr, "vastuu-server backup: %s\n", error.c_str());
        return 1;
    }
    Status checked = Engine::check_file(file);
    if (!checked.ok()) {
        std::fprintf(stderr, "vastuu-server backup: the copy does not check: %s\n", checked.error().message.c_str());
        if (!checked.error().detail.empty()) std::fprintf(stderr, "%s\n", checked.error().detail.c_str());
        return 1;
    }
    std::printf("vastuu-server: backed up %s to %s\n", source.c_str(), file.c_str());
    return 0;
}

int invite(const std::string& dir, const std::vector<std::string>& args) {
    bool admin = false;
    int64_t employee = 0;
    std::string url = "http://127.0.0.1:8080";
    for (size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--admin") admin = true;
        else if (args[i] == "--employee" && i + 1 < args.size()) employee = std::atoll(args[++i].c_str());
        else if (args[i] == "--url" && i + 1 < args.size()) url = args[++i];
        else return usage();
    }
    if (!admin && employee <= 0) return usage();
    if (sodium_init() < 0) return 1;
    std::string name;
    if (employee) {
        auto engine = Engine::open(dir + "/vastuu.sqlite");
        if (!engine.ok()) {
            std::fprintf(stderr, "vastuu-server invite: %s\n", engine.error().message.c_str());
            return 1;
        }
        auto e = engine.value()->get_employee(EmployeeId(employee));
        if (!e.ok()) {
            std::fprintf(stderr, "vastuu-server invite: %s\n", e.error().message.c_str());
            return 1;
        }
        name = e->name;
    }
    auto store = AccountStore::open(dir + "/accounts.sqlite");
    if (!store.ok()) {
        std::fprintf(stderr, "vastuu-server invite: %s\n", store.error().message.c_str());
        return 1;
    }
    auto token = store.value()->invite(employee, admin, name, 0, unix_now());
    if (!token.ok()) {
        std::fprintf(stderr, "vastuu-server invite: %s\n", token.error().message.c_str());
        return 1;
    }
    std::printf("%s/#/invite/%s\n", url.c_str(), token.value().c_str());
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty()) return usage();
    const std::string cmd = args[0];
    if (cmd == "backup") return args.size() == 3 ? backup(args[1], args[2]) : usage();
    if (cmd == "invite") return args.size() >= 2 ? invite(args[1], {args.begin() + 2, args.end()}) : usage();
    if (cmd != "serve") return usage();

    ServeOptions options;
    ListenOptions listen;
    bool static_given = false;
    for (size_t i = 1; i < args.size(); ++i) {
        const std::string& a = args[i];
        const bool has_value = i + 1 < args.size();
        if (a == "--data" && has_value) options.data_dir = args[++i];
        else if (a == "--port" && has_value) listen.port = std::atoi(args[++i].c_str());
        else if (a == "--listen" && has_value) listen.address = args[++i];
        else if (a == "--static" && has_value) options.static_dir = args[++i], static_given = true;
        else if (a == "--url" && has_value) options.public_url = args[++i];
        else if (a == "--empty") options.empty = true;
        else if (a == "--secure-cookies") options.secure_cookies = true;
        else return usage();
    }
    if (options.data_dir.empty() || listen.port < 0 || listen.port > 65535) return usage();
    std::error_code ec;
    std::filesystem::create_directories(options.data_dir, ec);
    if (ec) {
        std::fprintf(stderr, "vastuu-server: cannot create %s: %s\n", options.data_dir.c_str(), ec.message().c_str());
        return 1;
    }
    if (!static_given) options.static_dir = default_static_dir();
    if (options.static_dir.empty() && !static_given)
        std::fprintf(stderr, "vastuu-server: no web app found (build it with ./build.sh web, or pass --static DIR);"
                             " serving the API only\n");
    return serve(options, listen);
}
