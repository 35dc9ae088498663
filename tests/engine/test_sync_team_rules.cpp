// Team mode's rules with two real clients (issue #15, docs/team-protocol.md "Conflicts"): each client
// is the browser's SyncClient on its own cache (a snapshot opened with the engine); the "server" is
// sync::execute on one database, delivering changes and answers as vastuu-server does. Covered:
// set-like responsibilities, field edits refused with who and when or merged per field, and undo
// and redo per person.
#include <doctest/doctest.h>

#include <cstdio>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "core/engine.h"
#include "core/sql.h"
#include "sync/client.h"
#include "sync/sync.h"
#include "engine_harness.h"

using namespace vastuu;
using namespace vastuu_test;
using nlohmann::json;

namespace {

const sync::Clock kAt1203{"2026-03-02T10:03:00Z", "2026-03-02"};

// One browser: its cache (opened from a snapshot file) and its queue.
struct Client {
    sync::Account account;
    std::string path;
    std::unique_ptr<Engine> engine;
    sync::SyncClient queue{sync::apply_rows};
    int next_id = 0;
    std::vector<Error> refused;

    Client(Engine& server, sync::Account who, const char* name) : account(std::move(who)), path(std::string("team_rules_") + name) {
        auto snap = sync::snapshot(server, account, "2026-03-02");
        REQUIRE(snap.ok());
        std::remove(path.c_str());
        std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(snap->bytes.data()), snap->bytes.size());
        auto opened = Engine::open(path, fixed_clock());
        REQUIRE(opened.ok());
        engine = std::move(opened.value());
        queue.snapshot_opened(*engine, snap->seq);
    }
    ~Client() {
        engine.reset();
        for (const char* suffix : {"", "-journal", "-wal", "-shm"}) std::remove((path + suffix).c_str());
    }
    Result<json> run(const json& cmd) {
        auto r = queue.run(*engine, cmd, account.id + "-" + std::to_string(++next_id));
        if (!r.ok()) MESSAGE(cmd.dump() << " -> " << r.error().code << ": " << r.error().message << " " << r.error().detail);
        return r;
    }
    void receive(const json& m) {
        sync::Received got = queue.receive(*engine, m);
        REQUIRE(got.kind != sync::Received::Kind::Resync);
        if (got.kind == sync::Received::Kind::Refused) refused.push_back(got.error);
    }
    std::string customer_name(int64_t id) {
        auto c = engine->get_customer(CustomerId(id));
        return c.ok() ? c->name : std::string();
    }
};

// vastuu-server in miniature: runs a client's unsent commands in order, streams each change to
// every client and answers the sender (change first, then ack or refused).
struct Server {
    std::unique_ptr<Engine> engine = open_memory();
    std::vector<Client*> clients;

    void flush(Client& from) {
        for (const json& m : from.queue.messages_after_connect()) {
            if (m["type"] != "command") continue;
            auto r = sync::execute(*engine, m["command_id"], m["cmd"], from.account, kAt1203, m["base_seq"].get<int64_t>());
            if (!r.ok()) {
                from.receive({{"type", "refused"}, {"command_id", m["command_id"]},
                              {"error", {{"code", r.error().code}, {"message", r.error().message},
                                         {"field", r.error().field}, {"detail", r.error().detail}}}});
                continue;
            }
            if (!r->repeated)
                for (Client* c : clients) c->receive(sync::change_message(r->change, r->change.rows));
            from.receive({{"type", "ack"}, {"command_id", m["command_id"]}, {"seq", r->change.seq}});
        }
    }
    int64_t count(const std::string& sql) { return scalar(*engine, sql); }
};

// Both caches must hold exactly the server's rows of these tables.
void check_caches_follow(Server& s, Client& a, Client& b) {
    for (const char* sql : {"SELECT group_concat(id || ':' || name || ':' || ifnull(number, ''), ',') FROM (SELECT * FROM customer ORDER BY id)",
                            "SELECT group_concat(id || ':' || employee_id || ':' || ifnull(customer_id, '') || ':' || ifnull(role_id, ''), ',')"
                            " FROM (SELECT * FROM responsibility ORDER BY id)"}) {
        const std::string server = text_scalar(*s.engine, sql);
        CHECK(text_scalar(*a.engine, sql) == server);
        CHECK(text_scalar(*b.engine, sql) == server);
    }
}

struct Firm {
    Server server;
    int64_t anna = 0, customer = 0, other = 0, role = 0;
    std::unique_ptr<Client> aino, bertta;
    Firm() {
        Engine& e = *server.engine;
        anna = run(e, {{"cmd", "employee.create"}, {"name", "Anna Äimä"}})["id"];
        customer = run(e, {{"cmd", "customer.create"}, {"name", "Äijälä Oy"}, {"number", 100}})["id"];
        other = run(e, {{"cmd", "customer.create"}, {"name", "Öljy Oy"}, {"number", 200}})["id"];
        role = run(e, {{"cmd", "role.create"}, {"name", "Kirjanpitäjä"}, {"kind", "customer"}})["id"];
        aino = std::make_unique<Client>(e, sync::Account{"Aino Evans", EmployeeId(), true, "1"}, "aino");
        bertta = std::make_unique<Client>(e, sync::Account{"Bertta Berg", EmployeeId(), true, "2"}, "bertta");
        server.clients = {aino.get(), bertta.get()};
    }
};

}  // namespace

TEST_CASE("team rule: two people adding the same person to the same customer end with one responsibility, no error") {
    Firm f;
    // Both click the same empty cell before either hears of the other's click.
    REQUIRE(f.aino->run({{"cmd", "responsibility.toggle"}, {"employee_id", f.anna}, {"customer_id", f.customer}}).ok());
    REQUIRE(f.bertta->run({{"cmd", "responsibility.toggle"}, {"employee_id", f.anna}, {"customer_id", f.customer}}).ok());
    f.server.flush(*f.aino);
    f.server.flush(*f.bertta);
    CHECK(f.aino->refused.empty());
    CHECK(f.bertta->refused.empty());
    CHECK(f.server.count("SELECT count(*) FROM responsibility") == 1);
    CHECK(f.aino->queue.pending().empty());
    CHECK(f.bertta->queue.pending().empty());
    check_caches_follow(f.server, *f.aino, *f.bertta);

    // And removing it twice: none left, no error (a plain toggle would have added it back).
    REQUIRE(f.aino->run({{"cmd", "responsibility.toggle"}, {"employee_id", f.anna}, {"customer_id", f.customer}}).ok());
    REQUIRE(f.bertta->run({{"cmd", "responsibility.toggle"}, {"employee_id", f.anna}, {"customer_id", f.customer}}).ok());
    f.server.flush(*f.aino);
    f.server.flush(*f.bertta);
    CHECK(f.bertta->refused.empty());
    CHECK(f.server.count("SELECT count(*) FROM responsibility") == 0);
    check_caches_follow(f.server, *f.aino, *f.bertta);
}

TEST_CASE("team rule: the same role given twice meanwhile is one responsibility with that role, no error") {
    Firm f;
    const json give{{"cmd", "responsibility.assign_role"}, {"employee_id", f.anna}, {"customer_id", f.customer}, {"role_id", f.role}};
    REQUIRE(f.aino->run(give).ok());
    REQUIRE(f.bertta->run(give).ok());
    f.server.flush(*f.aino);
    f.server.flush(*f.bertta);
    CHECK(f.bertta->refused.empty());
    CHECK(f.server.count("SELECT count(*) FROM responsibility WHERE role_id IS NOT NULL") == 1);
    check_caches_follow(f.server, *f.aino, *f.bertta);
}

TEST_CASE("team rule: an edit of a field someone changed meanwhile is refused with who and when; other fields merge") {
    Firm f;
    // Bertta renames the customer while Aino, not yet knowing, renames it too.
    REQUIRE(f.bertta->run({{"cmd", "customer.update"}, {"id", f.customer}, {"name", "Bertan nimi Oy"}}).ok());
    REQUIRE(f.aino->run({{"cmd", "customer.update"}, {"id", f.customer}, {"name", "Ainon nimi Oy"}}).ok());
    f.server.flush(*f.bertta);
    f.server.flush(*f.aino);
    REQUIRE(f.aino->refused.size() == 1);
    const Error& e = f.aino->refused[0];
    CHECK(e.code == "sync.conflict");
    CHECK(e.field == "name");
    CHECK(e.message.find("Bertta Berg") != std::string::npos);
    CHECK(e.message.find("reload the card") != std::string::npos);
    CHECK(e.message.find("at 2026-03-02 10:03 UTC") != std::string::npos);  // as the card shows the change
    CHECK(f.aino->customer_name(f.customer) == "Bertan nimi Oy");  // the view shows the server's state
    CHECK(f.server.count("SELECT count(*) FROM customer WHERE name = 'Bertan nimi Oy'") == 1);

    // Different fields of the same row, both based on the same old state: both apply.
    REQUIRE(f.bertta->run({{"cmd", "customer.update"}, {"id", f.other}, {"name", "Öljy ja Kaasu Oy"}}).ok());
    REQUIRE(f.aino->run({{"cmd", "customer.update"}, {"id", f.other}, {"number", 201}}).ok());
    f.server.flush(*f.bertta);
    f.server.flush(*f.aino);
    CHECK(f.aino->refused.size() == 1);  // no new refusal
    CHECK(f.server.count("SELECT count(*) FROM customer WHERE name = 'Öljy ja Kaasu Oy' AND number = 201") == 1);
    check_caches_follow(f.server, *f.aino, *f.bertta);

    // Aino's own edits queued one after the other never conflict with each other.
    REQUIRE(f.aino->run({{"cmd", "customer.update"}, {"id", f.other}, {"number", 202}}).ok());
    REQUIRE(f.aino->run({{"cmd", "customer.update"}, {"id", f.other}, {"number", 203}}).ok());
    f.server.flush(*f.aino);
    CHECK(f.aino->refused.size() == 1);
    CHECK(f.server.count("SELECT number FROM customer WHERE id = " + std::to_string(f.other)) == 203);
}

TEST_CASE("team rule: undo takes back my last step only; another person's change is never on my undo stack") {
    Firm f;
    REQUIRE(f.aino->run({{"cmd", "customer.update"}, {"id", f.customer}, {"name", "Ainon Oy"}}).ok());
    f.server.flush(*f.aino);
    REQUIRE(f.bertta->run({{"cmd", "customer.update"}, {"id", f.other}, {"name", "Bertan Oy"}}).ok());
    f.server.flush(*f.bertta);
    const sync::UndoState aino_state = sync::undo_state(*f.server.engine, f.aino->account);
    CHECK(aino_state.can_undo);
    CHECK(aino_state.undo_label == "customer.update");
    CHECK_FALSE(aino_state.can_redo);

    // Undo is queued, not run on the cache: the server's rows bring it.
    auto queued = f.aino->run({{"cmd", "undo"}});
    REQUIRE(queued.ok());
    CHECK(f.aino->customer_name(f.customer) == "Ainon Oy");
    f.server.flush(*f.aino);
    CHECK(f.aino->refused.empty());
    CHECK(f.server.count("SELECT count(*) FROM customer WHERE name = 'Äijälä Oy'") == 1);  // Aino's step is back
    CHECK(f.server.count("SELECT count(*) FROM customer WHERE name = 'Bertan Oy'") == 1);  // Bertta's stays
    CHECK(f.aino->customer_name(f.customer) == "Äijälä Oy");
    CHECK(text_scalar(*f.server.engine, "SELECT command FROM change_log ORDER BY id DESC LIMIT 1") == "undo");
    CHECK(text_scalar(*f.server.engine, "SELECT who FROM change_log ORDER BY id DESC LIMIT 1") == "Aino Evans");
    check_caches_follow(f.server, *f.aino, *f.bertta);

    // Nothing more of Aino's to undo, though Bertta's step is newer.
    REQUIRE(f.aino->run({{"cmd", "undo"}}).ok());
    f.server.flush(*f.aino);
    REQUIRE(f.aino->refused.size() == 1);
    CHECK(f.aino->refused[0].code == "undo.nothing");
    CHECK(f.server.count("SELECT count(*) FROM customer WHERE name = 'Bertan Oy'") == 1);

    // Redo brings Aino's step again; Bertta's undo takes back only hers.
    REQUIRE(f.aino->run({{"cmd", "redo"}}).ok());
    f.server.flush(*f.aino);
    CHECK(f.server.count("SELECT count(*) FROM customer WHERE name = 'Ainon Oy'") == 1);
    REQUIRE(f.bertta->run({{"cmd", "undo"}}).ok());
    f.server.flush(*f.bertta);
    CHECK(f.bertta->refused.empty());
    CHECK(f.server.count("SELECT count(*) FROM customer WHERE name = 'Öljy Oy'") == 1);
    CHECK(f.server.count("SELECT count(*) FROM customer WHERE name = 'Ainon Oy'") == 1);
    check_caches_follow(f.server, *f.aino, *f.bertta);
}

TEST_CASE("team rule: undo of rows someone changed since is refused with who and when, and changes nothing") {
    Firm f;
    REQUIRE(f.aino->run({{"cmd", "customer.update"}, {"id", f.customer}, {"name", "Ainon Oy"}}).ok());
    f.server.flush(*f.aino);
    REQUIRE(f.bertta->run({{"cmd", "customer.update"}, {"id", f.customer}, {"number", 150}}).ok());
    f.server.flush(*f.bertta);
    const int64_t seq_before = sync::last_seq(*f.server.engine);
    REQUIRE(f.aino->run({{"cmd", "undo"}}).ok());
    f.server.flush(*f.aino);
    REQUIRE(f.aino->refused.size() == 1);
    CHECK(f.aino->refused[0].code == "undo.changed_since");
    CHECK(f.aino->refused[0].message.find("Bertta Berg") != std::string::npos);
    CHECK(f.aino->refused[0].message.find("2026-03-02 10:03 UTC") != std::string::npos);
    CHECK(sync::last_seq(*f.server.engine) == seq_before);  // nothing was applied or logged
    CHECK(f.server.count("SELECT count(*) FROM customer WHERE name = 'Ainon Oy' AND number = 150") == 1);
    // The blocked step left Aino's stack; Bertta's undo still works.
    CHECK_FALSE(sync::undo_state(*f.server.engine, f.aino->account).can_undo);
    REQUIRE(f.bertta->run({{"cmd", "undo"}}).ok());
    f.server.flush(*f.bertta);
    CHECK(f.bertta->refused.empty());
    CHECK(f.server.count("SELECT number FROM customer WHERE id = " + std::to_string(f.customer)) == 100);
    check_caches_follow(f.server, *f.aino, *f.bertta);
}

TEST_CASE("team rule: a resent undo is applied once") {
    Firm f;
    REQUIRE(f.aino->run({{"cmd", "customer.update"}, {"id", f.customer}, {"name", "Ainon Oy"}}).ok());
    f.server.flush(*f.aino);
    REQUIRE(f.aino->run({{"cmd", "customer.update"}, {"id", f.customer}, {"name", "Ainon toinen Oy"}}).ok());
    f.server.flush(*f.aino);
    sync::Account aino = f.aino->account;
    auto first = sync::execute(*f.server.engine, "undo-1", {{"cmd", "undo"}}, aino, kAt1203, sync::last_seq(*f.server.engine));
    REQUIRE(first.ok());
    auto again = sync::execute(*f.server.engine, "undo-1", {{"cmd", "undo"}}, aino, kAt1203, sync::last_seq(*f.server.engine));
    REQUIRE(again.ok());
    CHECK(again->repeated);
    CHECK(f.server.count("SELECT count(*) FROM customer WHERE name = 'Ainon Oy'") == 1);  // one step back, not two
}
