// The browser's team-mode queue (engine/sync/client.h): a command shows at once as a pending step,
// the server's rows replace it when they arrive, a refusal takes it back, and the messages sent
// after a reconnect carry every command the server has not acknowledged. The "server" here is
// hand-made messages in the protocol's shape (docs/team-protocol.md).
#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "core/engine.h"
#include "core/i18n.h"
#include "core/sql.h"
#include "sync/client.h"
#include "sync/sync.h"
#include "engine_harness.h"

using namespace vastuu;
using namespace vastuu_test;
using nlohmann::json;

namespace {

json customer_row(int64_t id, int64_t number, const std::string& name) {
    return json{{"table", "customer"},
                {"key", {id}},
                {"row", {{"id", id}, {"number", number}, {"name", name}, {"group_id", nullptr}, {"archived", 0}}}};
}

json change(int64_t seq, const std::string& command_id, json rows) {
    return json{{"type", "change"}, {"seq", seq}, {"command_id", command_id}, {"account", "Aino Evans"},
                {"at", "2026-03-02T08:00:00Z"}, {"rows", std::move(rows)}};
}

std::vector<std::string> customer_names(Engine& e) {
    std::vector<std::string> names;
    CustomerFilter all;
    all.include_archived = true;
    for (const Customer& c : e.list_customers(all)) names.push_back(std::to_string(c.id.value) + ":" + c.name);
    std::sort(names.begin(), names.end());
    return names;
}

}  // namespace

TEST_CASE("a command shows at once as pending, and the server's rows replace it even with another id") {
    auto e = open_memory();
    sync::SyncClient client(sync::apply_rows);
    client.snapshot_opened(*e, 10);
    auto r = client.run(*e, {{"cmd", "customer.create"}, {"name", "Ours Oy"}}, "c-1");
    REQUIRE(r.ok());
    CHECK(customer_names(*e) == std::vector<std::string>{"1:Ours Oy"});
    REQUIRE(client.pending().size() == 1);
    CHECK(client.pending()[0].base_seq == 10);

    // Someone else's customer took id 1 on the server first: ours is run again on top of it.
    auto got = client.receive(*e, change(11, "other", json::array({customer_row(1, 1, "Theirs Oy")})));
    CHECK(got.kind == sync::Received::Kind::Applied);
    CHECK(customer_names(*e) == std::vector<std::string>{"1:Theirs Oy", "2:Ours Oy"});
    CHECK(client.pending().size() == 1);

    // Our own change arrives: it is no longer pending, and the server's row is what remains.
    got = client.receive(*e, change(12, "c-1", json::array({customer_row(7, 2, "Ours Oy")})));
    CHECK(got.kind == sync::Received::Kind::Applied);
    CHECK(client.pending().empty());
    CHECK(client.seq() == 12);
    CHECK(customer_names(*e) == std::vector<std::string>{"1:Theirs Oy", "7:Ours Oy"});
}

TEST_CASE("a refused command is taken back, the others stay, and the server's error comes out") {
    auto e = open_memory();
    sync::SyncClient client(sync::apply_rows);
    client.snapshot_opened(*e, 0);
    REQUIRE(client.run(*e, {{"cmd", "customer.create"}, {"name", "Kept Oy"}}, "c-1").ok());
    REQUIRE(client.run(*e, {{"cmd", "customer.create"}, {"name", "Refused Oy"}}, "c-2").ok());
    CHECK(customer_names(*e).size() == 2);
    auto got = client.receive(*e, {{"type", "refused"}, {"command_id", "c-2"},
                                   {"error", {{"code", "visibility.denied"}, {"message", "Not yours."}, {"field", ""}}}});
    CHECK(got.kind == sync::Received::Kind::Refused);
    CHECK(got.error.code == "visibility.denied");
    CHECK(got.error.message == "Not yours.");
    CHECK(got.command["name"] == "Refused Oy");
    CHECK(customer_names(*e) == std::vector<std::string>{"1:Kept Oy"});
    REQUIRE(client.pending().size() == 1);
    CHECK(client.pending()[0].command_id == "c-1");
}

TEST_CASE("a refusal for the server's full disk is said in the user's language and takes the command back") {
    auto e = open_memory();
    sync::SyncClient client(sync::apply_rows);
    client.snapshot_opened(*e, 0);
    REQUIRE(client.run(*e, {{"cmd", "customer.create"}, {"name", "Täysi Levy Oy"}}, "c-1").ok());
    set_language(Lang::Fi);
    auto got = client.receive(*e, {{"type", "refused"}, {"command_id", "c-1"},
                                   {"error", {{"code", "server.disk_full"}, {"message", "The server's disk is full: the change was not saved."}}}});
    set_language(Lang::En);
    CHECK(got.kind == sync::Received::Kind::Refused);
    CHECK(got.error.code == "server.disk_full");
    CHECK(got.error.message == "Palvelimen levy on täynnä: muutosta ei tallennettu.");
    CHECK(customer_names(*e).empty());
    CHECK(client.pending().empty());
}

TEST_CASE("an ack before its change keeps the local effect until the change arrives") {
    auto e = open_memory();
    sync::SyncClient client(sync::apply_rows);
    client.snapshot_opened(*e, 3);
    REQUIRE(client.run(*e, {{"cmd", "customer.create"}, {"name", "Acked Oy"}}, "c-1").ok());
    auto got = client.receive(*e, {{"type", "ack"}, {"command_id", "c-1"}, {"seq", 4}, {"result", {{"id", 5}}}});
    CHECK(got.kind == sync::Received::Kind::Nothing);
    CHECK(customer_names(*e) == std::vector<std::string>{"1:Acked Oy"});
    // Acknowledged commands are not sent again after a reconnect.
    CHECK(client.messages_after_connect().size() == 1);
    // The change does not name the command (another server build may leave it out): the seq settles it.
    got = client.receive(*e, change(4, "", json::array({customer_row(5, 1, "Acked Oy")})));
    CHECK(got.kind == sync::Received::Kind::Applied);
    CHECK(client.pending().empty());
    CHECK(customer_names(*e) == std::vector<std::string>{"5:Acked Oy"});
}

TEST_CASE("a replayed change is ignored and a gap in seq asks for a fresh snapshot") {
    auto e = open_memory();
    sync::SyncClient client(sync::apply_rows);
    client.snapshot_opened(*e, 5);
    CHECK(client.receive(*e, change(5, "x", json::array({customer_row(1, 1, "Old")}))).kind ==
          sync::Received::Kind::Nothing);
    CHECK(customer_names(*e).empty());
    auto got = client.receive(*e, change(7, "y", json::array()));
    CHECK(got.kind == sync::Received::Kind::Resync);
    CHECK(got.error.code == "team.gap");
    CHECK(client.seq() == 5);
    CHECK(client.receive(*e, {{"type", "resync"}, {"seq", 9}}).kind == sync::Received::Kind::Resync);
}

TEST_CASE("an empty change still advances seq, and a deleted row is removed") {
    auto e = open_memory();
    sync::SyncClient client(sync::apply_rows);
    client.snapshot_opened(*e, 0);
    CHECK(client.receive(*e, change(1, "a", json::array({customer_row(3, 1, "Gone Oy")}))).kind ==
          sync::Received::Kind::Applied);
    CHECK(client.receive(*e, change(2, "b", json::array())).kind == sync::Received::Kind::Applied);
    CHECK(client.seq() == 2);
    json gone = {{"table", "customer"}, {"key", {3}}, {"row", nullptr}};
    CHECK(client.receive(*e, change(3, "c", json::array({gone}))).kind == sync::Received::Kind::Applied);
    CHECK(customer_names(*e).empty());
}

TEST_CASE("after a reconnect: hello since the last seq, then the unanswered commands in order") {
    auto e = open_memory();
    sync::SyncClient client(sync::apply_rows);
    client.snapshot_opened(*e, 42);
    REQUIRE(client.run(*e, {{"cmd", "customer.create"}, {"name", "One"}}, "c-1").ok());
    REQUIRE(client.run(*e, {{"cmd", "customer.create"}, {"name", "Two"}}, "c-2").ok());
    auto messages = client.messages_after_connect();
    REQUIRE(messages.size() == 3);
    CHECK(messages[0] == json{{"type", "hello"}, {"since", 42}});
    CHECK(messages[1]["type"] == "command");
    CHECK(messages[1]["command_id"] == "c-1");
    CHECK(messages[1]["base_seq"] == 42);
    CHECK(messages[1]["cmd"]["name"] == "One");
    CHECK(messages[2]["command_id"] == "c-2");
}

TEST_CASE("a command the local engine refuses is not queued, and undo is queued for the server without running here") {
    auto e = open_memory();
    sync::SyncClient client(sync::apply_rows);
    client.snapshot_opened(*e, 0);
    auto r = client.run(*e, {{"cmd", "customer.create"}, {"name", ""}}, "c-1");
    CHECK_FALSE(r.ok());
    CHECK(client.pending().empty());
    REQUIRE(client.run(*e, {{"cmd", "customer.create"}, {"name", "A"}}, "c-2").ok());
    auto undo = client.run(*e, {{"cmd", "undo"}}, "c-3");
    REQUIRE(undo.ok());
    CHECK(undo.value()["queued"] == true);
    REQUIRE(client.pending().size() == 2);
    CHECK(client.pending()[1].cmd == json{{"cmd", "undo"}});
    CHECK_FALSE(client.pending()[1].applied_locally);
    CHECK(customer_names(*e).size() == 1);  // the customer stays until the server's rows take it back
}

TEST_CASE("a new snapshot drops the commands it already holds and runs the others again") {
    auto e = open_memory();
    sync::SyncClient client(sync::apply_rows);
    client.snapshot_opened(*e, 0);
    REQUIRE(client.run(*e, {{"cmd", "customer.create"}, {"name", "In snapshot"}}, "c-1").ok());
    REQUIRE(client.run(*e, {{"cmd", "customer.create"}, {"name", "Still pending"}}, "c-2").ok());
    (void)client.receive(*e, {{"type", "ack"}, {"command_id", "c-1"}, {"seq", 1}});
    // The snapshot (a fresh database) holds c-1 as the server wrote it.
    auto fresh = open_memory();
    REQUIRE(fresh->execute({{"cmd", "customer.create"}, {"name", "In snapshot"}}).ok());
    client.snapshot_opened(*fresh, 1);
    REQUIRE(client.pending().size() == 1);
    CHECK(client.pending()[0].command_id == "c-2");
    CHECK(customer_names(*fresh) == std::vector<std::string>{"1:In snapshot", "2:Still pending"});
}

TEST_CASE("after a rebase the cache's change log holds the server's entries and the pending ones only") {
    auto e = open_memory();
    sync::SyncClient client(sync::apply_rows);
    client.snapshot_opened(*e, 0);
    auto log_count = [&] {
        Stmt st(e->handle(), "SELECT count(*) FROM change_log");
        return st.row() ? st.int64(0) : -1;
    };
    REQUIRE(client.run(*e, {{"cmd", "customer.create"}, {"name", "Mine Oy"}}, "c-1").ok());
    const int64_t one_command = log_count();
    CHECK(one_command > 0);
    json entry = {{"table", "change_log"},
                  {"key", {1}},
                  {"row", {{"id", 1}, {"group_id", 1}, {"at", "2026-03-02T08:00:00Z"}, {"who", "Aino Evans"},
                           {"command", "customer.create"}, {"entity", "customer"}, {"entity_id", 1},
                           {"before", nullptr}, {"after", "{}"}}}};
    (void)client.receive(*e, change(1, "other", json::array({customer_row(1, 1, "Theirs Oy"), entry})));
    // The server's entry, and the pending command's own again: no "undo" entries from the rebase.
    CHECK(log_count() == 1 + one_command);
    Stmt undo_entries(e->handle(), "SELECT count(*) FROM change_log WHERE command = 'undo'");
    REQUIRE(undo_entries.row());
    CHECK(undo_entries.int64(0) == 0);
}

TEST_CASE("the queue kept in browser storage comes back after a reload and is sent again, once") {
    auto e = open_memory();
    sync::SyncClient client(sync::apply_rows);
    client.snapshot_opened(*e, 5);
    REQUIRE(client.run(*e, {{"cmd", "customer.create"}, {"name", "Jonossa Oy"}}, "q-1").ok());
    REQUIRE(client.run(*e, {{"cmd", "customer.create"}, {"name", "Toinen Jonossa Oy"}}, "q-2").ok());
    const json stored = client.stored();
    REQUIRE(stored.size() == 2);
    CHECK(stored[0]["command_id"] == "q-1");
    CHECK(stored[0]["base_seq"] == 5);

    // A reload: a new page, a new snapshot (the server has neither command yet), the stored queue.
    auto reloaded = open_memory();
    sync::SyncClient again(sync::apply_rows);
    again.restore(stored);
    again.restore(stored);  // two stored copies (two tabs' keys) are one queue
    again.restore(json::array({json{{"command_id", 7}}, json{{"cmd", "x"}}, json("junk")}));  // malformed: skipped
    again.snapshot_opened(*reloaded, 5);
    REQUIRE(again.pending().size() == 2);
    CHECK(customer_names(*reloaded).size() == 2);  // shown at once, as before the reload
    auto messages = again.messages_after_connect();
    REQUIRE(messages.size() == 3);
    CHECK(messages[1]["command_id"] == "q-1");
    CHECK(messages[1]["base_seq"] == 5);  // still judged against what the user saw when making it
    CHECK(messages[2]["command_id"] == "q-2");
}
