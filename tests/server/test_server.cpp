// vastuu-server end to end: the real binary started on 127.0.0.1 with a temporary data folder,
// driven over HTTP and WebSocket as the browser does and as a hand-made client might. Sign-in and
// bad input; two accounts live; a salesperson never receiving another group's customer (snapshot,
// change stream, refusals, exports) over random commands; a repeated command id applied once; a
// disabled account cut off; a backup taken while serving; and a SIGKILL losing nothing acknowledged.
#include <doctest/doctest.h>

#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include "../engine/visibility_oracle.h"
#include "../engine/xlsx_reader.h"
#include "core/engine.h"
#include "live_client.h"

using namespace vastuu_test;
using nlohmann::json;

namespace {

const char* const kAdminEmail = "paivi@firma.fi";
const char* const kAdminPassword = "oikea hevonen patteri";
const char* const kSalesPassword = "myyjän salasana 42";

struct TempDir {
    std::string path;
    TempDir() {
        char tmpl[] = "/tmp/vastuu-server-test-XXXXXX";
        path = mkdtemp(tmpl);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path, ec);
    }
};

// The server's database read from the test (WAL: the server keeps writing meanwhile).
std::unique_ptr<vastuu::Engine> read_db(const std::string& dir) {
    auto e = vastuu::Engine::open(dir + "/vastuu.sqlite");
    REQUIRE(e.ok());
    return std::move(e.value());
}

std::string text_of(vastuu::Engine& e, const std::string& sql) {
    sqlite3_stmt* st = nullptr;
    REQUIRE(sqlite3_prepare_v2(e.handle(), sql.c_str(), -1, &st, nullptr) == SQLITE_OK);
    std::string out = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0)
                          ? reinterpret_cast<const char*>(sqlite3_column_text(st, 0)) : "";
    sqlite3_finalize(st);
    return out;
}

int64_t int_of(vastuu::Engine& e, const std::string& sql) {
    const std::string t = text_of(e, sql);
    return t.empty() ? -1 : std::atoll(t.c_str());
}

// A salesperson of some group who sees some customers but not all.
int64_t pick_salesperson(vastuu::Engine& e) {
    const int64_t total = int_of(e, "SELECT count(*) FROM customer");
    for (int64_t id : column(e, "SELECT DISTINCT employee_id FROM customer_group_salesperson ORDER BY employee_id")) {
        const auto seen = expected_visible(e, id, e.today());
        if (!seen.empty() && static_cast<int64_t>(seen.size()) < total / 2) return id;
    }
    FAIL("no salesperson in the demo data");
    return 0;
}

std::string sign_up(int port, const std::string& token, const std::string& email, const std::string& password) {
    auto r = post_json(port, "/api/accept-invitation", {{"token", token}, {"email", email}, {"password", password}});
    INFO(r.body);
    REQUIRE(r.status == 200);
    REQUIRE_FALSE(r.cookie().empty());
    return r.cookie();
}

std::string code_of(const HttpResult& r) { return r.json().value("code", ""); }

}  // namespace

TEST_CASE("team server: sign-in, sessions, invitations and bad input are answered with 4xx and change nothing") {
    TempDir dir;
    ServerProcess server(server_binary(), dir.path);
    REQUIRE(server.start());
    const int port = server.port();
    REQUIRE_FALSE(server.first_invitation().empty());

    CHECK(get(port, "/api/me").status == 401);
    CHECK(code_of(get(port, "/api/me")) == "auth.no_session");

    // The first administrator signs up through the printed link; the link works once.
    const std::string admin = sign_up(port, server.first_invitation(), kAdminEmail, kAdminPassword);
    auto again = post_json(port, "/api/accept-invitation", {{"token", server.first_invitation()}, {"email", "x@y.fi"}, {"password", "x234567890"}});
    CHECK(again.status == 400);
    CHECK(code_of(again) == "auth.bad_invitation");
    auto me = get(port, "/api/me", admin);
    REQUIRE(me.status == 200);
    CHECK(me.json()["account"]["kind"] == "admin");
    CHECK(me.json()["account"]["email"] == kAdminEmail);

    // The session cookie is HttpOnly and SameSite=Strict; the token is never in a body.
    auto signed_in = post_json(port, "/api/sign-in", {{"email", kAdminEmail}, {"password", kAdminPassword}});
    REQUIRE(signed_in.status == 200);
    const std::string set_cookie = signed_in.headers["set-cookie"];
    CHECK(set_cookie.find("HttpOnly") != std::string::npos);
    CHECK(set_cookie.find("SameSite=Strict") != std::string::npos);
    CHECK(signed_in.body.find(signed_in.cookie().substr(15)) == std::string::npos);

    auto wrong = post_json(port, "/api/sign-in", {{"email", kAdminEmail}, {"password", "väärä"}});
    CHECK(wrong.status == 401);
    CHECK(code_of(wrong) == "auth.bad_credentials");
    CHECK(get(port, "/api/me", "vastuu_session=forged-token").status == 401);
    CHECK(get(port, "/api/me", "vastuu_session=" + std::string(5000, 'a')).status == 401);

    // Rate limiting: after five failures for one e-mail, even the right password waits.
    for (int i = 0; i < 5; ++i) post_json(port, "/api/sign-in", {{"email", "arvaaja@firma.fi"}, {"password", "x"}});
    auto limited = post_json(port, "/api/sign-in", {{"email", "arvaaja@firma.fi"}, {"password", "x"}});
    CHECK(limited.status == 429);
    CHECK(code_of(limited) == "auth.rate_limited");
    CHECK(post_json(port, "/api/sign-in", {{"email", kAdminEmail}, {"password", kAdminPassword}}).status == 200);

    // Writes need the CSRF header and a same-origin Origin.
    auto no_csrf = http_request(port, "POST", "/api/invitations", R"({"employee_id":0,"kind":"admin"})",
                                {{"Cookie", admin}, {"Content-Type", "application/json"}});
    CHECK(no_csrf.status == 403);
    CHECK(code_of(no_csrf) == "request.csrf");
    auto foreign = http_request(port, "POST", "/api/invitations", R"({"employee_id":0,"kind":"admin"})",
                                {{"Cookie", admin}, {"X-Vastuu-Csrf", "1"}, {"Origin", "https://evil.example"}});
    CHECK(foreign.status == 403);
    CHECK(code_of(foreign) == "request.origin");

    // Bodies: too large, not JSON, wrong types; an unknown endpoint.
    auto big = http_request(port, "POST", "/api/sign-in", std::string(200 * 1024, 'x'), {{"X-Vastuu-Csrf", "1"}});
    CHECK(big.status == 413);
    CHECK(code_of(big) == "request.too_large");
    auto bad_json = http_request(port, "POST", "/api/sign-in", "{\"email\":", {{"X-Vastuu-Csrf", "1"}});
    CHECK(bad_json.status == 400);
    CHECK(code_of(bad_json) == "request.bad_json");
    auto wrong_type = post_json(port, "/api/sign-in", {{"email", 5}, {"password", "x"}});
    CHECK(wrong_type.status == 400);
    CHECK(code_of(wrong_type) == "request.bad_field");
    CHECK(wrong_type.json()["field"] == "email");
    CHECK(code_of(get(port, "/api/nothing-here", admin)) == "request.not_found");
    CHECK(code_of(post_json(port, "/api/invitations", {{"employee_id", "seven"}, {"kind", "employee"}}, admin)) == "request.bad_field");
    CHECK(code_of(post_json(port, "/api/invitations", {{"employee_id", 999999}, {"kind", "employee"}}, admin)) == "employee.not_found");

    // An employee account may not invite or list accounts.
    auto db = read_db(dir.path);
    const int64_t seller = pick_salesperson(*db);
    auto invitation = post_json(port, "/api/invitations", {{"employee_id", seller}, {"kind", "employee"}}, admin);
    REQUIRE(invitation.status == 200);
    CHECK(invitation.json()["link"].get<std::string>().find("/#/invite/") != std::string::npos);
    const std::string sales = sign_up(port, invitation.json()["token"], "myyja@firma.fi", kSalesPassword);
    CHECK(code_of(post_json(port, "/api/invitations", {{"employee_id", 0}, {"kind", "admin"}}, sales)) == "access.admin_only");
    CHECK(get(port, "/api/accounts", sales).status == 403);
    CHECK(get(port, "/api/accounts", admin).json()["accounts"].size() == 2);

    // A password change; the old one stops working.
    CHECK(code_of(post_json(port, "/api/password", {{"old", "väärä"}, {"new", "uusi salasana 1"}}, sales)) == "auth.bad_credentials");
    CHECK(post_json(port, "/api/password", {{"old", kSalesPassword}, {"new", "uusi salasana 1"}}, sales).status == 200);
    CHECK(post_json(port, "/api/sign-in", {{"email", "myyja@firma.fi"}, {"password", kSalesPassword}}).status == 401);
    CHECK(post_json(port, "/api/sign-in", {{"email", "myyja@firma.fi"}, {"password", "uusi salasana 1"}}).status == 200);

    // Sign-out ends the session.
    CHECK(post_json(port, "/api/sign-out", json::object(), sales).status == 200);
    CHECK(get(port, "/api/me", sales).status == 401);
    CHECK(int_of(*db, "SELECT count(*) FROM sync_log") == 0);  // nothing above changed the data
}

TEST_CASE("team server: two accounts live; a salesperson never receives another group's customer; restart and backup") {
    TempDir dir;
    ServerProcess server(server_binary(), dir.path);
    REQUIRE(server.start());
    int port = server.port();
    const std::string admin = sign_up(port, server.first_invitation(), kAdminEmail, kAdminPassword);
    auto db = read_db(dir.path);
    const int64_t seller = pick_salesperson(*db);
    auto invitation = post_json(port, "/api/invitations", {{"employee_id", seller}, {"kind", "employee"}}, admin);
    const std::string sales = sign_up(port, invitation.json()["token"], "myyja@firma.fi", kSalesPassword);
    const std::string today = db->today();

    // The snapshot: exactly the salesperson's customers, and it opens with the engine.
    std::set<int64_t> visible = expected_visible(*db, seller, today);
    auto snap = get(port, "/api/snapshot", sales);
    REQUIRE(snap.status == 200);
    CHECK(snap.headers["content-type"] == "application/vnd.sqlite3");
    const int64_t seq0 = std::atoll(snap.headers["x-vastuu-seq"].c_str());
    {
        const std::string file = dir.path + "/snapshot-test.sqlite";
        std::ofstream(file, std::ios::binary) << snap.body;
        auto s = vastuu::Engine::open(file);
        REQUIRE(s.ok());
        auto got = column(*s.value(), "SELECT id FROM customer");
        CHECK(std::set<int64_t>(got.begin(), got.end()) == visible);
        CHECK(int_of(*s.value(), "SELECT count(*) FROM employee") == int_of(*db, "SELECT count(*) FROM employee"));
    }

    // The live stream: wrong origin and no session are refused at the handshake.
    Loop loop;
    {
        int status = 0;
        Live anonymous(loop, port, "");
        CHECK_FALSE(anonymous.open(&status));
        CHECK(status == 401);
        Live cross(loop, port, sales, "https://evil.example");
        CHECK_FALSE(cross.open(&status));
        CHECK(status == 403);
    }
    Live a(loop, port, admin, "http://127.0.0.1:" + std::to_string(port));
    Live s(loop, port, sales);
    REQUIRE(a.open());
    REQUIRE(s.open());
    a.send({{"type", "hello"}, {"since", seq0}});
    s.send({{"type", "hello"}, {"since", seq0}});

    // A command by one reaches the other.
    const int64_t mine = *visible.begin();
    const auto t0 = std::chrono::steady_clock::now();
    a.send({{"type", "command"}, {"command_id", "first"}, {"base_seq", seq0}, {"cmd", {{"cmd", "customer.update"}, {"id", mine}, {"name", "Yhteinen Oy"}}}});
    auto ack = a.next_of("ack", 5000);
    REQUIRE(ack);
    CHECK((*ack)["command_id"] == "first");
    auto seen = s.next_of("change", 5000);
    REQUIRE(seen);
    CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(1));
    CHECK((*seen)["seq"] == (*ack)["seq"]);
    CHECK((*seen)["account"] == kAdminEmail);
    CHECK((*seen)["rows"][0]["row"]["name"] == "Yhteinen Oy");

    // A duplicate command id is applied once: the same answer, no second change.
    a.send({{"type", "command"}, {"command_id", "first"}, {"base_seq", seq0}, {"cmd", {{"cmd", "customer.update"}, {"id", mine}, {"name", "Toinen nimi"}}}});
    auto dup = a.next_of("ack", 5000);
    REQUIRE(dup);
    CHECK((*dup)["seq"] == (*ack)["seq"]);
    CHECK(text_of(*db, "SELECT name FROM customer WHERE id = " + std::to_string(mine)) == "Yhteinen Oy");
    CHECK(int_of(*db, "SELECT count(*) FROM sync_log WHERE command_id = 'first'") == 1);

    // Bad messages are answered and the socket keeps working.
    s.send_text("{not json");
    CHECK(s.next_of("error", 3000));
    s.send({{"type", "command"}, {"command_id", "u1"}, {"cmd", {{"cmd", "no.such.command"}}}});
    auto unknown = s.next_of("refused", 3000);
    REQUIRE(unknown);
    CHECK((*unknown)["error"]["code"] == "command.unknown");
    s.send({{"type", "command"}, {"command_id", "u2"}, {"cmd", {{"cmd", "customer.update"}, {"id", "seven"}}}});
    CHECK((*s.next_of("refused", 3000))["error"]["code"] == "command.bad_argument");
    s.send({{"type", "ping"}});
    CHECK(s.next_of("pong", 3000));

    // Property: random commands by both; every row the salesperson receives is theirs to see, every
    // refusal names no hidden customer, and the stream has no gaps.
    const auto all_customers = column(*db, "SELECT id FROM customer");
    const auto employees = column(*db, "SELECT id FROM employee");
    const auto groups = column(*db, "SELECT id FROM customer_group");
    Random rng{20261201};
    int64_t last_seq = (*ack)["seq"];
    int received_rows = 0, refusals = 0, resyncs = 0;
    for (int i = 0; i < 60; ++i) {
        const bool by_seller = rng.below(2) == 0;
        const int64_t customer = all_customers[rng.below(all_customers.size())];
        json cmd;
        switch (rng.below(6)) {
            case 5: {  // the salesperson joins or leaves a group: their view changes (resync)
                const int64_t g = groups[rng.below(groups.size())];
                json people = json::array();
                bool member = false;
                for (int64_t p : column(*db, ("SELECT employee_id FROM customer_group_salesperson WHERE group_id = " + std::to_string(g)).c_str())) {
                    if (p == seller) member = true;
                    else people.push_back(p);
                }
                if (!member) people.push_back(seller);
                cmd = {{"cmd", "group.update"}, {"id", g}, {"salesperson_ids", people}};
                break;
            }
            case 0: cmd = {{"cmd", "customer.update"}, {"id", customer}, {"name", "Nimi " + std::to_string(i)}}; break;
            case 1: cmd = {{"cmd", "responsibility.toggle"}, {"employee_id", employees[rng.below(employees.size())]}, {"customer_id", customer}}; break;
            case 2: cmd = {{"cmd", "customer.update"}, {"id", customer}, {"number", int_of(*db, "SELECT number FROM customer ORDER BY random() LIMIT 1")}}; break;
            case 3: cmd = {{"cmd", "customer.create"}, {"name", "Uusi " + std::to_string(i)}, {"group_id", groups[rng.below(groups.size())]}}; break;
            default: cmd = {{"cmd", "project.create"}, {"customer_id", customer}, {"name", "Projekti " + std::to_string(i)}}; break;
        }
        Live& by = by_seller ? s : a;
        const std::string id = "p" + std::to_string(i);
        by.send({{"type", "command"}, {"command_id", id}, {"base_seq", last_seq}, {"cmd", cmd}});
        // The sender's answer: ack or refused.
        std::optional<json> answer;
        for (int k = 0; k < 50 && !answer; ++k) {
            auto m = by.next(5000);
            REQUIRE(m);
            if ((*m)["type"] == "ack" || (*m)["type"] == "refused") answer = m;
            else by.skipped().push_back(*m);
        }
        REQUIRE(answer);
        const std::set<int64_t> before = visible;
        visible = expected_visible(*db, seller, today);
        if ((*answer)["type"] == "refused") {
            ++refusals;
            if (by_seller) {
                const std::string text = (*answer).dump();
                for (int64_t c : column(*db, "SELECT id FROM customer"))
                    if (!visible.count(c)) {
                        const std::string name = text_of(*db, "SELECT name FROM customer WHERE id = " + std::to_string(c));
                        INFO("a refusal names the hidden customer " << name);
                        CHECK(text.find(name) == std::string::npos);
                    }
            }
            continue;
        }
        const int64_t seq = (*answer)["seq"];
        CHECK(seq == last_seq + 1);
        last_seq = seq;
        // The salesperson's message for this seq: a change (possibly empty) or a resync.
        std::optional<json> m;
        for (auto& kept : s.skipped())
            if (kept.value("seq", int64_t(-1)) == seq) m = kept;
        s.skipped().clear();
        while (!m) {
            auto next = s.next(5000);
            REQUIRE(next);
            if (next->value("seq", int64_t(-1)) == seq) m = next;
        }
        if ((*m)["type"] == "resync") {
            ++resyncs;
            auto fresh = get(port, "/api/snapshot", sales);
            REQUIRE(fresh.status == 200);
            const std::string file = dir.path + "/resync-" + std::to_string(resyncs) + ".sqlite";
            std::ofstream(file, std::ios::binary) << fresh.body;
            auto opened = vastuu::Engine::open(file);
            REQUIRE(opened.ok());
            auto got = column(*opened.value(), "SELECT id FROM customer");
            CHECK(std::set<int64_t>(got.begin(), got.end()) == visible);
            s.send({{"type", "hello"}, {"since", std::atoll(fresh.headers["x-vastuu-seq"].c_str())}});
            continue;
        }
        REQUIRE((*m)["type"] == "change");
        for (const json& row : (*m)["rows"]) {
            ++received_rows;
            const std::string table = row["table"];
            if (table == "customer") {
                const int64_t c = row["key"][0];
                INFO("customer " << c << " reached the salesperson");
                CHECK((visible.count(c) || before.count(c)));
            } else if (table == "project" || table == "responsibility" || table == "special_group_member") {
                if (row["row"].is_object() && row["row"]["customer_id"].is_number_integer()) {
                    const int64_t c = row["row"]["customer_id"];
                    INFO(table << " of customer " << c << " reached the salesperson");
                    CHECK((visible.count(c) || before.count(c)));
                }
            }
        }
        a.skipped().clear();
    }
    CHECK(received_rows > 0);
    CHECK(refusals > 0);
    CHECK(resyncs > 0);
    MESSAGE("property run: rows received " << received_rows << ", refusals " << refusals << ", resyncs " << resyncs);

    // Exports hold only the salesperson's customers.
    auto xlsx = get(port, "/api/export/customers.xlsx", sales);
    REQUIRE(xlsx.status == 200);
    {
        auto rows = xlsx_test::sheet_rows(std::vector<uint8_t>(xlsx.body.begin(), xlsx.body.end()));
        visible = expected_visible(*db, seller, today);
        std::set<int64_t> visible_numbers;
        for (int64_t c : visible) visible_numbers.insert(int_of(*db, "SELECT number FROM customer WHERE id = " + std::to_string(c)));
        for (size_t i = 1; i < rows.size(); ++i) CHECK(visible_numbers.count(std::atoll(rows[i].at(0).c_str())));
        CHECK(rows.size() == visible.size() + 1);
    }

    // A backup while serving opens with the engine and holds what was acknowledged.
    const std::string copy = dir.path + "/backup.sqlite";
    const std::string backup_cmd = server_binary() + " backup " + dir.path + " " + copy + " >/dev/null";
    REQUIRE(std::system(backup_cmd.c_str()) == 0);
    CHECK(vastuu::Engine::check_file(copy).ok());
    {
        auto b = vastuu::Engine::open(copy);
        REQUIRE(b.ok());
        CHECK(int_of(*b.value(), "SELECT max(seq) FROM sync_log") == last_seq);
    }

    // Disabling the account closes its socket at once and ends its sessions.
    const int64_t sales_id = get(port, "/api/me", sales).json()["account"]["id"];
    CHECK(post_json(port, "/api/accounts/" + std::to_string(sales_id) + "/disable", json::object(), admin).status == 200);
    for (int k = 0; k < 50 && !s.closed(); ++k) s.next(100);
    CHECK(s.closed());
    CHECK(get(port, "/api/me", sales).status == 401);
    CHECK(code_of(post_json(port, "/api/sign-in", {{"email", "myyja@firma.fi"}, {"password", kSalesPassword}})) == "auth.disabled");

    // SIGKILL right after an acknowledged command: the restarted server has it.
    a.send({{"type", "command"}, {"command_id", "last"}, {"cmd", {{"cmd", "customer.update"}, {"id", mine}, {"name", "Kuittattu Oy"}}}});
    auto last = a.next_of("ack", 5000);
    REQUIRE(last);
    server.kill_hard();
    ServerProcess again(server_binary(), dir.path);
    REQUIRE(again.start());
    CHECK(again.first_invitation().empty());  // accounts exist: no new link
    port = again.port();
    const std::string admin2 = post_json(port, "/api/sign-in", {{"email", kAdminEmail}, {"password", kAdminPassword}}).cookie();
    REQUIRE_FALSE(admin2.empty());
    CHECK(get(port, "/api/me", admin2).json()["seq"] == (*last)["seq"]);
    auto reread = read_db(dir.path);
    CHECK(text_of(*reread, "SELECT name FROM customer WHERE id = " + std::to_string(mine)) == "Kuittattu Oy");
    // A resend of the acknowledged command after the restart is still answered, not applied again.
    Loop loop2;
    Live a2(loop2, port, admin2);
    REQUIRE(a2.open());
    a2.send({{"type", "command"}, {"command_id", "last"}, {"cmd", {{"cmd", "customer.update"}, {"id", mine}, {"name", "Kuittattu Oy"}}}});
    auto resent = a2.next_of("ack", 5000);
    REQUIRE(resent);
    CHECK((*resent)["seq"] == (*last)["seq"]);
}
