// The team server's logic (team.h): the HTTP API, static files and the live stream, without the
// network. Index:
// [SECTION] Helpers: time, JSON answers, cookies
// [SECTION] Opening
// [SECTION] HTTP: checks, routing, the endpoints
// [SECTION] Static files
// [SECTION] The live stream
#include "team.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fstream>
#include <sstream>

#include <sqlite3.h>
#include <sys/statvfs.h>

#include "io/demo_data.h"
#include "core/i18n.h"

namespace vastuu::server {

using nlohmann::json;

// ---------------------------------------------------------------------------------------------
// [SECTION] Helpers: time, JSON answers, cookies
// ---------------------------------------------------------------------------------------------

int64_t unix_now() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

sync::Clock clock_now() {
    std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm utc{}, local{};
    gmtime_r(&t, &utc);
    localtime_r(&t, &local);
    char now[32], today[16];
    std::strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", &utc);
    std::strftime(today, sizeof today, "%Y-%m-%d", &local);
    return {now, today};
}

namespace {

constexpr int kMaxFailuresPerEmail = 5;    // failed sign-ins per e-mail per window
constexpr int kMaxFailuresPerPeer = 20;    // failed sign-ins per address per window
constexpr int64_t kFailureWindow = 60;     // seconds
constexpr int64_t kMaxReplay = 10000;      // more changes than this behind: resync
const char* const kCookie = "vastuu_session";

json error_json(const Error& e) {
    json j{{"ok", false}, {"code", e.code}, {"message", e.message}};
    if (!e.field.empty()) j["field"] = e.field;
    return j;
}

HttpResponse answer(int status, const json& body) {
    HttpResponse r;
    r.status = status;
    r.body = body.dump();
    return r;
}

// SQLite's SQLITE_FULL ("db.full"): the data folder's disk is full. Said as such rather than as an
// internal error, with `key`'s text for what was not done; SQLite's own message goes to the log.
// Nothing was written (the transaction was rolled back); reads go on, and writes work again as soon
// as there is space, without a restart.
Error disk_full(const Error& e, const char* key = "error.server.disk_full") {
    std::fprintf(stderr, "vastuu-server: the disk is full: %s\n", e.message.c_str());
    return Error{"server.disk_full", tr(key), ""};
}

// 507 Insufficient Storage for a full disk.
HttpResponse fail(int status, const Error& e) {
    if (e.code == "db.full") return answer(507, error_json(disk_full(e)));
    return answer(status, error_json(e));
}
HttpResponse fail(int status, const char* code, const std::string& message, const std::string& field = "") {
    return fail(status, Error{code, message, field});
}

// The HTTP status of an engine or account error.
int status_of(const Error& e) {
    if (e.code == "auth.no_session") return 401;
    if (e.code.rfind("access.", 0) == 0) return 403;
    if (e.code == "auth.rate_limited") return 429;
    if (e.code == "db.full") return 507;
    if (e.code.rfind("db.", 0) == 0) return 500;
    if (e.code.find("not_found") != std::string::npos) return 404;
    return 400;
}

std::string cookie_value(const std::string& header, const std::string& name) {
    size_t pos = 0;
    while (pos < header.size()) {
        size_t end = header.find(';', pos);
        if (end == std::string::npos) end = header.size();
        std::string part = header.substr(pos, end - pos);
        size_t start = part.find_first_not_of(' ');
        if (start != std::string::npos) part = part.substr(start);
        if (part.rfind(name + "=", 0) == 0) return part.substr(name.size() + 1);
        pos = end + 1;
    }
    return std::string();
}

std::string session_cookie(const std::string& token, bool secure, bool clear) {
    std::string c = std::string(kCookie) + "=" + (clear ? "" : token) + "; HttpOnly; SameSite=Strict; Path=/";
    if (clear) c += "; Max-Age=0";
    else c += "; Max-Age=" + std::to_string(kSessionSeconds);
    if (secure) c += "; Secure";
    return c;
}

// Typed reads of request fields: a wrong or missing type is a 400 naming the field.
bool read_string(const json& body, const char* field, std::string& out, HttpResponse& error) {
    auto it = body.find(field);
    if (it == body.end() || !it->is_string()) {
        error = fail(400, "request.bad_field", tr_format("error.request.bad_field", {field, tr("type.text")}), field);
        return false;
    }
    out = it->get<std::string>();
    return true;
}

bool read_int(const json& body, const char* field, int64_t& out, HttpResponse& error) {
    auto it = body.find(field);
    if (it == body.end() || !it->is_number_integer()) {
        error = fail(400, "request.bad_field", tr_format("error.request.bad_field", {field, tr("type.integer")}), field);
        return false;
    }
    out = it->get<int64_t>();
    return true;
}

sync::Account sync_account(const Account& a) { return {a.name, EmployeeId(a.employee_id), a.admin, std::to_string(a.id)}; }

std::string lower(std::string s) {
    for (char& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// [SECTION] Opening
// ---------------------------------------------------------------------------------------------

Team::Team(ServeOptions options, std::unique_ptr<Engine> engine, std::unique_ptr<AccountStore> accounts)
    : options_(std::move(options)), engine_(std::move(engine)), accounts_(std::move(accounts)) {}

namespace {

// A database that does not open on a full disk fails with whatever SQLite met first (opening a WAL
// database creates its -shm index: "disk I/O error"): said as the full disk it is, SQLite's text in
// the detail.
Error opening_error(const ServeOptions& options, Error e) {
    struct statvfs fs {};
    if (statvfs(options.data_dir.c_str(), &fs) != 0) return e;
    const long long free = static_cast<long long>(fs.f_bavail) * static_cast<long long>(fs.f_frsize);
    if (e.code != "db.full" && free >= 64 * 1024) return e;
    return Error{"server.disk_full", tr_format("error.server.disk_full.start", {options.data_dir, std::to_string(free)}), "",
                 e.message + (e.detail.empty() ? "" : "\n" + e.detail)};
}

}  // namespace

Result<std::unique_ptr<Team>> Team::open(const ServeOptions& options, std::string& first_link) {
    const std::string db_path = options.data_dir + "/vastuu.sqlite";
    const bool existed = std::ifstream(db_path).good();
    auto engine = Engine::open(db_path);
    if (!engine.ok()) return opening_error(options, engine.error());
    // Acknowledged means on disk: WAL with a sync at every commit.
    sqlite3* db = engine.value()->handle();
    if (sqlite3_exec(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL", nullptr, nullptr, nullptr) != SQLITE_OK)
        return Error{"db.sqlite", std::string("setting WAL: ") + sqlite3_errmsg(db), ""};
    if (!existed && !options.empty) VASTUU_TRY(generate_demo(db, demo_default()));
    auto accounts = AccountStore::open(options.data_dir + "/accounts.sqlite");
    if (!accounts.ok()) return opening_error(options, accounts.error());
    first_link.clear();
    if (accounts.value()->count_accounts() == 0) {
        auto token = accounts.value()->invite(0, true, "", 0, unix_now());
        if (!token.ok()) return token.error();
        first_link = options.public_url + "/#/invite/" + token.value();
    }
    return std::unique_ptr<Team>(new Team(options, std::move(engine.value()), std::move(accounts.value())));
}

// ---------------------------------------------------------------------------------------------
// [SECTION] HTTP: checks, routing, the endpoints
// ---------------------------------------------------------------------------------------------

void Team::handle(const HttpRequest& request, std::function<void(HttpResponse)> respond) {
    std::string path = request.target.substr(0, request.target.find('?'));
    if (path.rfind("/api/", 0) != 0) {
        if (request.method != "GET" && request.method != "HEAD")
            return respond(fail(405, "request.method", tr("error.request.method")));
        return respond(static_file(request, path));
    }
    const bool write = request.method == "POST";
    if (!write && request.method != "GET") return respond(fail(405, "request.method", tr("error.request.method")));
    if (write) {
        // CSRF: a cross-site form cannot set this header, and SameSite=Strict keeps the cookie home.
        if (request.csrf != "1") return respond(fail(403, "request.csrf", tr("error.request.csrf")));
        if (!request.origin.empty() && request.origin != "http://" + request.host &&
            request.origin != "https://" + request.host)
            return respond(fail(403, "request.origin", tr("error.request.origin")));
        if (request.body.size() > options_.max_body)
            return respond(fail(413, "request.too_large",
                                tr_format("error.request.too_large", {std::to_string(options_.max_body)})));
    }
    json body = json::object();
    if (write && !request.body.empty()) {
        body = json::parse(request.body, nullptr, false);
        if (body.is_discarded() || !body.is_object())
            return respond(fail(400, "request.bad_json",
                                tr_format("error.request.bad_json", {body.is_discarded() ? "syntax" : "not an object"})));
    }
    // Endpoints that need no session.
    if (path == "/api/sign-in" && write) return sign_in(request, body, std::move(respond));
    if (path == "/api/accept-invitation" && write) return accept_invitation(body, std::move(respond));
    if (path == "/api/invitation" && !write) {
        const std::string query = request.target.find('?') == std::string::npos ? "" : request.target.substr(request.target.find('?') + 1);
        const std::string token = query.rfind("token=", 0) == 0 ? query.substr(6) : "";
        auto inv = accounts_->find_invitation(token, unix_now());
        if (!inv.ok()) return respond(fail(404, inv.error()));
        return respond(answer(200, {{"ok", true}, {"kind", inv->admin ? "admin" : "employee"}, {"name", inv->name}}));
    }

    const std::string token = cookie_value(request.cookie, kCookie);
    auto account = accounts_->session_account(token, unix_now());
    if (!account.ok()) return respond(fail(401, account.error()));
    if (path == "/api/sign-out" && write) {
        accounts_->end_session(token);
        const std::string hash = token_hash(token);
        close_where([&](const Client& c) { return c.session_hash == hash; });
        HttpResponse r = answer(200, {{"ok", true}});
        r.headers.emplace_back("Set-Cookie", session_cookie("", options_.secure_cookies, true));
        return respond(r);
    }
    if (path == "/api/password" && write) return change_password(account.value(), body, std::move(respond));
    respond(route(request, path, body, &account.value()));
}

HttpResponse Team::route(const HttpRequest& request, const std::string& path, const json& body, const Account* account) {
    const bool write = request.method == "POST";
    const Account& me = *account;
    if (path == "/api/me" && !write) return answer(200, {{"ok", true}, {"account", to_json(me)}, {"seq", sync::last_seq(*engine_)}});

    if (path == "/api/snapshot" && !write) {
        auto snap = sync::snapshot(*engine_, sync_account(me), clock_now().today);
        if (!snap.ok()) return fail(500, snap.error());
        HttpResponse r;
        r.content_type = "application/vnd.sqlite3";
        r.body.assign(snap->bytes.begin(), snap->bytes.end());
        r.headers.emplace_back("X-Vastuu-Seq", std::to_string(snap->seq));
        r.headers.emplace_back("Cache-Control", "no-store");
        return r;
    }
    if (path == "/api/export/customers.xlsx" && !write) {
        // The engine's own export, as the signed-in account sees the data.
        engine_->set_viewer(EmployeeId(me.admin ? 0 : me.employee_id));
        CustomerFilter filter;
        filter.include_archived = true;
        auto bytes = engine_->export_customers_xlsx(filter);
        engine_->set_viewer(EmployeeId());
        if (!bytes.ok()) return fail(500, bytes.error());
        HttpResponse r;
        r.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
        r.body.assign(bytes->begin(), bytes->end());
        return r;
    }

    // Administrators only from here.
    const bool admin_path = path == "/api/invitations" || path == "/api/accounts" || path.rfind("/api/accounts/", 0) == 0;
    if (admin_path && !me.admin) return fail(403, "access.admin_only", tr("error.access.admin_only"));
    if (path == "/api/accounts" && !write) {
        json list = json::array();
        for (const Account& a : accounts_->list()) list.push_back(to_json(a));
        return answer(200, {{"ok", true}, {"accounts", list}});
    }
    if (path == "/api/invitations" && write) {
        HttpResponse error;
        int64_t employee = 0;
        std::string kind;
        if (!read_int(body, "employee_id", employee, error) || !read_string(body, "kind", kind, error)) return error;
        if (kind != "admin" && kind != "employee")
            return fail(400, "request.bad_field", tr_format("error.request.bad_field", {"kind", "admin | employee"}), "kind");
        std::string name;
        if (employee != 0) {
            engine_->set_viewer(EmployeeId());
            auto e = engine_->get_employee(EmployeeId(employee));
            if (!e.ok()) return fail(404, e.error());
            name = e->name;
        } else if (kind == "employee") {
            return fail(400, "request.bad_field", tr_format("error.request.bad_field", {"employee_id", tr("type.integer")}), "employee_id");
        }
        auto token = accounts_->invite(employee, kind == "admin", name, me.id, unix_now());
        if (!token.ok()) return fail(500, token.error());
        return answer(200, {{"ok", true}, {"token", token.value()}, {"link", options_.public_url + "/#/invite/" + token.value()}});
    }
    if (path.rfind("/api/accounts/", 0) == 0 && write) {
        const std::string rest = path.substr(std::string("/api/accounts/").size());
        const size_t slash = rest.find('/');
        if (slash != std::string::npos && rest.substr(slash) == "/disable") {
            int64_t id = 0;
            try {
                id = std::stoll(rest.substr(0, slash));
            } catch (...) {
                return fail(404, "auth.not_found", tr_format("error.auth.not_found", {rest.substr(0, slash)}), "id");
            }
            auto target = accounts_->by_id(id);
            if (!target.ok()) return fail(404, target.error());
            if (auto s = accounts_->disable(id); !s.ok()) return fail(500, s.error());
            close_where([&](const Client& c) { return c.account.id == id; });
            views_.erase(id);
            return answer(200, {{"ok", true}});
        }
    }
    return fail(404, "request.not_found", tr_format("error.request.not_found", {path}));
}

HttpResponse Team::signed_in(const Account& account, const std::string& token) {
    HttpResponse r = answer(200, {{"ok", true}, {"account", to_json(account)}});
    r.headers.emplace_back("Set-Cookie", session_cookie(token, options_.secure_cookies, false));
    return r;
}

bool Team::rate_limited(const std::string& email, const std::string& peer, int64_t now) {
    auto recent = [&](const std::string& key) {
        auto it = failures_.find(key);
        if (it == failures_.end()) return 0;
        auto& times = it->second;
        times.erase(std::remove_if(times.begin(), times.end(), [&](int64_t t) { return t <= now - kFailureWindow; }),
                    times.end());
        return static_cast<int>(times.size());
    };
    return recent("email:" + lower(email)) >= kMaxFailuresPerEmail || recent("peer:" + peer) >= kMaxFailuresPerPeer;
}

void Team::record_failure(const std::string& email, const std::string& peer, int64_t now) {
    failures_["email:" + lower(email)].push_back(now);
    failures_["peer:" + peer].push_back(now);
    if (failures_.size() > 100000) failures_.clear();  // a flood of made-up e-mails cannot grow memory forever
}

void Team::sign_in(const HttpRequest& request, const json& body, std::function<void(HttpResponse)> respond) {
    HttpResponse error;
    std::string email, password;
    if (!read_string(body, "email", email, error) || !read_string(body, "password", password, error))
        return respond(error);
    const int64_t now = unix_now();
    if (rate_limited(email, request.peer, now))
        return respond(fail(429, "auth.rate_limited", tr("error.auth.rate_limited")));
    std::string hash;
    auto account = accounts_->by_email(email, hash);
    auto verified = std::make_shared<bool>(false);
    // Unknown e-mails are hashed against too: the answer takes as long either way.
    static const std::string dummy = hash_password("not a password of anyone");
    const std::string against = hash.empty() ? dummy : hash;
    const std::string peer = request.peer;
    offload([verified, against, password] { *verified = verify_password(against, password); },
            [this, verified, account, email, peer, respond = std::move(respond)]() {
                const int64_t now = unix_now();
                if (!*verified || !account.ok()) {
                    record_failure(email, peer, now);
                    return respond(fail(401, "auth.bad_credentials", tr("error.auth.bad_credentials")));
                }
                if (account->disabled) return respond(fail(403, "auth.disabled", tr("error.auth.disabled")));
                failures_.erase("email:" + lower(email));
                const size_t unsaved = accounts_->unsaved_sessions();
                auto token = accounts_->start_session(account->id, now);
                if (!token.ok()) return respond(fail(500, token.error()));
                if (accounts_->unsaved_sessions() > unsaved)
                    std::fprintf(stderr, "vastuu-server: the disk is full: a session is kept in memory until its row can be written\n");
                respond(signed_in(account.value(), token.value()));
            });
}

void Team::accept_invitation(const json& body, std::function<void(HttpResponse)> respond) {
    HttpResponse error;
    std::string token, email, password;
    if (!read_string(body, "token", token, error) || !read_string(body, "email", email, error) ||
        !read_string(body, "password", password, error))
        return respond(error);
    if (email.find('@') == std::string::npos || email.size() > 254)
        return respond(fail(400, "employee.bad_email", tr_format("error.employee.bad_email", {email}), "email"));
    if (password.size() < kMinPasswordChars)
        return respond(fail(400, "auth.weak_password",
                            tr_format("error.auth.weak_password", {std::to_string(kMinPasswordChars)}), "password"));
    if (auto inv = accounts_->find_invitation(token, unix_now()); !inv.ok()) return respond(fail(400, inv.error()));
    auto hash = std::make_shared<std::string>();
    offload([hash, password] { *hash = hash_password(password); },
            [this, hash, token, email, respond = std::move(respond)]() {
                if (hash->empty()) return respond(fail(500, "db.sqlite", "password hashing failed"));
                auto account = accounts_->accept(token, email, *hash, unix_now());
                if (!account.ok() && account.error().code == "db.full")
                    return respond(fail(507, disk_full(account.error(), "error.server.disk_full.account")));
                if (!account.ok()) return respond(fail(status_of(account.error()) == 404 ? 400 : status_of(account.error()), account.error()));
                auto session = accounts_->start_session(account->id, unix_now());
                if (!session.ok()) return respond(fail(500, session.error()));
                respond(signed_in(account.value(), session.value()));
            });
}

void Team::change_password(const Account& account, const json& body, std::function<void(HttpResponse)> respond) {
    HttpResponse error;
    std::string old_password, new_password;
    if (!read_string(body, "old", old_password, error) || !read_string(body, "new", new_password, error))
        return respond(error);
    if (new_password.size() < kMinPasswordChars)
        return respond(fail(400, "auth.weak_password",
                            tr_format("error.auth.weak_password", {std::to_string(kMinPasswordChars)}), "new"));
    std::string current;
    (void)accounts_->by_email(account.email, current);
    auto hash = std::make_shared<std::string>();
    auto ok = std::make_shared<bool>(false);
    offload([hash, ok, current, old_password, new_password] {
                *ok = verify_password(current, old_password);
                if (*ok) *hash = hash_password(new_password);
            },
            [this, hash, ok, id = account.id, respond = std::move(respond)]() {
                if (!*ok) return respond(fail(400, "auth.bad_credentials", tr("error.auth.bad_credentials"), "old"));
                if (auto s = accounts_->set_password(id, *hash); !s.ok()) return respond(fail(500, s.error()));
                respond(answer(200, {{"ok", true}}));
            });
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Static files
// ---------------------------------------------------------------------------------------------

HttpResponse Team::static_file(const HttpRequest& request, const std::string& raw_path) {
    auto not_found = [&] { return fail(404, "request.not_found", tr_format("error.request.not_found", {raw_path})); };
    if (options_.static_dir.empty() || raw_path.empty() || raw_path[0] != '/') return not_found();
    // No "..", no backslashes, no percent-escapes: the app's files have plain names.
    if (raw_path.find("..") != std::string::npos || raw_path.find('\\') != std::string::npos ||
        raw_path.find('%') != std::string::npos || raw_path.find('\0') != std::string::npos)
        return not_found();
    std::string path = raw_path == "/" ? "/index.html" : raw_path;
    static const std::pair<const char*, const char*> kTypes[] = {
        {".html", "text/html; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"},
        {".mjs", "text/javascript; charset=utf-8"}, {".wasm", "application/wasm"}, {".css", "text/css; charset=utf-8"},
        {".json", "application/json"}, {".png", "image/png"}, {".svg", "image/svg+xml"}, {".ico", "image/x-icon"},
        {".ttf", "font/ttf"}, {".data", "application/octet-stream"}, {".txt", "text/plain; charset=utf-8"}};
    HttpResponse r;
    r.content_type = "application/octet-stream";
    for (const auto& [ext, type] : kTypes)
        if (path.size() >= std::strlen(ext) && path.compare(path.size() - std::strlen(ext), std::string::npos, ext) == 0)
            r.content_type = type;
    const std::string file = options_.static_dir + path;
    auto read = [](const std::string& f, std::string& out) {
        std::ifstream in(f, std::ios::binary);
        if (!in) return false;
        std::ostringstream s;
        s << in.rdbuf();
        out = s.str();
        return true;
    };
    // The page runs in team mode when this server serves it: index.html's <meta name="vastuu-mode">
    // says so (web/team.js reads it before start-up; docs/team-protocol.md). No compressed copy of it.
    const bool page = path == "/index.html";
    // Pre-compressed copies next to the files, when the build made them.
    if (page) {
        if (!read(file, r.body)) return not_found();
        const std::string flag = "<meta name=\"vastuu-mode\" content=\"static\">";
        if (size_t at = r.body.find(flag); at != std::string::npos)
            r.body.replace(at, flag.size(), "<meta name=\"vastuu-mode\" content=\"team\">");
    } else if (request.accept_encoding.find("br") != std::string::npos && read(file + ".br", r.body)) {
        r.headers.emplace_back("Content-Encoding", "br");
    } else if (request.accept_encoding.find("gzip") != std::string::npos && read(file + ".gz", r.body)) {
        r.headers.emplace_back("Content-Encoding", "gzip");
    } else if (!read(file, r.body)) {
        return not_found();
    }
    r.headers.emplace_back("Cache-Control", "no-cache");
    return r;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] The live stream
// ---------------------------------------------------------------------------------------------

Result<Account> Team::authorize_live(const HttpRequest& request, HttpResponse& refusal) {
    if (!request.origin.empty() && request.origin != "http://" + request.host &&
        request.origin != "https://" + request.host) {
        refusal = fail(403, "request.origin", tr("error.request.origin"));
        return Error{"request.origin", tr("error.request.origin"), ""};
    }
    auto account = accounts_->session_account(cookie_value(request.cookie, kCookie), unix_now());
    if (!account.ok()) refusal = fail(401, account.error());
    return account;
}

int64_t Team::attach(std::shared_ptr<LiveSocket> socket, const Account& account, const std::string& cookie) {
    const int64_t id = next_client_++;
    clients_[id] = Client{std::move(socket), account, token_hash(cookie_value(cookie, kCookie)), false};
    return id;
}

void Team::detach(int64_t client) {
    auto it = clients_.find(client);
    if (it == clients_.end()) return;
    const int64_t account = it->second.account.id;
    clients_.erase(it);
    // The account's view is kept while any of its sockets is open.
    for (const auto& [id, c] : clients_)
        if (c.account.id == account) return;
    views_.erase(account);
}

void Team::close_where(const std::function<bool(const Client&)>& which) {
    std::vector<std::shared_ptr<LiveSocket>> closing;
    for (auto& [id, c] : clients_)
        if (which(c)) closing.push_back(c.socket);
    for (auto& s : closing) s->close();
}

namespace {

std::shared_ptr<const std::string> message(const json& j) { return std::make_shared<const std::string>(j.dump()); }

json protocol_error(const char* code, const std::string& text) {
    return {{"type", "error"}, {"error", {{"code", code}, {"message", text}}}};
}

}  // namespace

void Team::on_message(int64_t id, const std::string& text) {
    auto it = clients_.find(id);
    if (it == clients_.end()) return;
    Client& client = it->second;
    json m = json::parse(text, nullptr, false);
    if (m.is_discarded() || !m.is_object() || !m.contains("type") || !m["type"].is_string()) {
        client.socket->send(message(protocol_error("request.bad_json",
                                                   tr_format("error.request.bad_json", {"a message must be an object with a type"}))));
        return;
    }
    const std::string type = m["type"].get<std::string>();
    if (type == "hello") return hello(client, m);
    if (type == "command") return command(client, m);
    if (type == "ping") return client.socket->send(message({{"type", "pong"}}));
    client.socket->send(message(protocol_error("request.bad_field", tr_format("error.request.bad_field", {"type", "hello | command | ping"}))));
}

Team::View& Team::view_of(const Account& account) {
    const std::string today = clock_now().today;
    auto it = views_.find(account.id);
    if (it == views_.end() || it->second.today != today) {
        View v{sync::visible_customers(*engine_, sync_account(account), today), today};
        it = views_.insert_or_assign(account.id, std::move(v)).first;
    }
    return it->second;
}

void Team::hello(Client& client, const json& m) {
    auto since = m.find("since");
    if (since == m.end() || !since->is_number_integer()) {
        client.socket->send(message(protocol_error("request.bad_field", tr_format("error.request.bad_field", {"since", tr("type.integer")}))));
        return;
    }
    const int64_t from = since->get<int64_t>();
    const int64_t last = sync::last_seq(*engine_);
    auto resync = [&] {
        client.live = false;
        client.socket->send(message({{"type", "resync"}, {"seq", last}}));
    };
    if (from < 0 || from > last || last - from > kMaxReplay) return resync();
    // A new hello starts from what the account sees now (after a resync, its new snapshot).
    views_.erase(client.account.id);
    View& view = view_of(client.account);
    auto changes = sync::changes_after(*engine_, from, kMaxReplay);
    if (!changes.ok()) return resync();
    for (const sync::Change& c : changes.value()) {
        if (!client.account.admin && sync::may_alter_visibility(c.rows, EmployeeId(client.account.employee_id), true))
            return resync();
    }
    for (const sync::Change& c : changes.value())
        client.socket->send(message(sync::change_message(c, sync::visible_rows(*engine_, c.rows, view.visible))));
    client.socket->send(message(sync::undo_state_message(sync::undo_state(*engine_, sync_account(client.account)))));
    client.live = true;
}

void Team::command(Client& client, const json& m) {
    auto id = m.find("command_id");
    auto cmd = m.find("cmd");
    if (id == m.end() || !id->is_string()) {
        client.socket->send(message(protocol_error("request.bad_field", tr_format("error.request.bad_field", {"command_id", tr("type.text")}))));
        return;
    }
    const std::string command_id = id->get<std::string>();
    if (cmd == m.end() || !cmd->is_object()) {
        client.socket->send(message({{"type", "refused"}, {"command_id", command_id},
                                     {"error", {{"code", "command.bad_argument"}, {"message", tr_format("error.command.bad_argument", {"cmd", tr("type.object")})}, {"field", "cmd"}}}}));
        return;
    }
    auto base = m.find("base_seq");
    const int64_t base_seq = base != m.end() && base->is_number_integer() ? base->get<int64_t>() : -1;
    pending_.push_back({client.socket, client.account, command_id, *cmd, base_seq});
    if (batch_scheduled_) return;
    batch_scheduled_ = true;
    if (defer) defer([this] { run_pending_commands(); });
    else run_pending_commands();
}

void Team::run_pending_commands() {
    batch_scheduled_ = false;
    std::vector<PendingCommand> batch = std::move(pending_);
    pending_.clear();
    if (batch.empty()) return;
    // One transaction for the batch: one fsync however many commands (each is its own savepoint).
    const bool batched = batch.size() > 1 && sync::begin_batch(*engine_).ok();
    const sync::Clock clock = clock_now();
    // Each change is delivered as soon as its command ran, against the database as that command left
    // it, not as the whole batch left it: a customer that a later command of the batch created would
    // otherwise look like one that entered a salesperson's view without its rows, and the
    // salesperson's sockets got a resync. Nothing is sent before the commit.
    Outbox out;
    std::vector<int64_t> resynced;  // clients a change of this batch took off the stream
    auto refuse = [&out](const PendingCommand& p, const Error& engine_error) {
        const Error error = engine_error.code == "db.full" ? disk_full(engine_error) : engine_error;
        json e{{"code", error.code}, {"message", error.message}};
        if (!error.field.empty()) e["field"] = error.field;
        if (!error.detail.empty()) e["detail"] = error.detail;
        out.add(p.socket, message({{"type", "refused"}, {"command_id", p.command_id}, {"error", e}}));
    };
    // SQLite may roll a whole transaction back by itself on some errors (SQLITE_FULL among them, when
    // a command's pages spill to disk): the batch's earlier commands are then gone, and a later one
    // would commit on its own. The batch stops there and fails as a whole, as a failed COMMIT does.
    Status lost;
    for (const PendingCommand& p : batch) {
        auto r = sync::execute(*engine_, p.command_id, p.cmd, sync_account(p.account), clock, p.base_seq);
        if (batched && sqlite3_get_autocommit(engine_->handle())) {
            lost = r.ok() ? Status(Error{"db.sqlite", tr_format("error.db.sqlite", {"a batch of commands", "rolled back"}), ""})
                          : Status(r.error());
            break;
        }
        if (!r.ok()) {
            refuse(p, r.error());
            continue;
        }
        if (!r.value().repeated) broadcast(r.value().change, out, resynced);
        out.add(p.socket, message({{"type", "ack"}, {"command_id", p.command_id}, {"seq", r.value().change.seq},
                                   {"result", r.value().change.result}}));
    }
    if (batched) {
        Status committed = lost.ok() ? sync::commit_batch(*engine_) : lost;
        if (!lost.ok()) sync::rollback_batch(*engine_);
        if (!committed.ok()) {
            // Nothing of the batch is on disk: nothing it would send goes, every command is refused,
            // and the views and streams are as they were before it.
            out = Outbox();
            views_.clear();
            for (int64_t id : resynced)
                if (auto it = clients_.find(id); it != clients_.end()) it->second.live = true;
            const Error why = committed.error().code == "db.full" ? disk_full(committed.error()) : committed.error();
            for (const PendingCommand& p : batch) refuse(p, why);  // (the full disk logged once)
        }
    }
    // Each account that ran something learns its undo and redo state, on every socket it has open
    // (two tabs of one person share one undo stack).
    std::unordered_map<int64_t, std::shared_ptr<const std::string>> states;
    for (const PendingCommand& p : batch)
        if (!states.count(p.account.id))
            states.emplace(p.account.id, message(sync::undo_state_message(sync::undo_state(*engine_, sync_account(p.account)))));
    for (auto& [id, c] : clients_) {
        auto found = states.find(c.account.id);
        if (found != states.end()) out.add(c.socket, found->second);
    }
    out.flush();
}

void Team::Outbox::add(const std::shared_ptr<LiveSocket>& socket, std::shared_ptr<const std::string> text) {
    auto [it, added] = index.emplace(socket.get(), sockets.size());
    if (added) sockets.push_back({socket, {}});
    sockets[it->second].second.push_back(std::move(text));
}

void Team::Outbox::flush() {
    // One message goes as it is; several as one JSON array of them, in order (docs/team-protocol.md).
    for (auto& [socket, texts] : sockets) {
        if (texts.size() == 1) {
            socket->send(std::move(texts.front()));
            continue;
        }
        size_t size = texts.size() + 1;
        for (const auto& t : texts) size += t->size();
        std::string frame;
        frame.reserve(size);
        frame += '[';
        for (size_t i = 0; i < texts.size(); ++i) {
            if (i) frame += ',';
            frame += *texts[i];
        }
        frame += ']';
        socket->send(std::make_shared<const std::string>(std::move(frame)));
    }
    sockets.clear();
    index.clear();
}

void Team::broadcast(const sync::Change& change, Outbox& out, std::vector<int64_t>& resynced) {
    // One delivery per account, however many tabs it has open.
    struct Sent {
        std::shared_ptr<const std::string> text;
        bool resync = false;
    };
    std::unordered_map<int64_t, Sent> sent;
    const std::string today = clock_now().today;
    for (auto& [id, c] : clients_) {
        if (!c.live) continue;
        auto found = sent.find(c.account.id);
        if (found == sent.end()) {
            View& view = view_of(c.account);
            sync::Delivery d = sync::deliver(*engine_, change, sync_account(c.account), view.visible, today);
            view.visible = std::move(d.visible);
            Sent s{d.resync ? message({{"type", "resync"}, {"seq", change.seq}}) : message(sync::change_message(change, d.rows)),
                   d.resync};
            found = sent.emplace(c.account.id, std::move(s)).first;
        }
        // After a resync the socket waits for a new hello (after its new snapshot).
        if (found->second.resync) {
            c.live = false;
            resynced.push_back(id);
        }
        out.add(c.socket, found->second.text);
    }
}

}  // namespace vastuu::server
