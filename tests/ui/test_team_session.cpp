// Team mode in the App with no window and no server: a fake TeamTransport records the requests
// and the test answers them with the events web/team.js would send. The sign-in screen signs in,
// the snapshot becomes the database, commands go out as pending steps, a refusal takes one back
// with the server's message, and the account in the status line cannot be switched.
#include <cctype>
#include <cstdio>

#include "io/demo_data.h"
#include "team_harness.h"

using namespace vastuu;
using namespace vastuu::ui;
using namespace vastuu::ui::testing;
using nlohmann::json;

TEST_CASE("team mode starts on the sign-in screen and signs in with the typed e-mail and password") {
    FakeTransport t;
    UiHarness h(ImVec2(1280, 800), "2026-11-26", &t);
    h.frames(2);
    CHECK(h.shows("Connecting to the server"));
    CHECK_FALSE(h.has("nav.customers"));
    h.app->team()->handle_event({{"event", "me"}, {"account", nullptr}, {"invite", ""}});
    h.frames(3);
    h.click("sign_in.email");
    h.type("aino@example.fi");
    h.click("sign_in.password");
    h.type("wrong password");
    h.click("sign_in.submit");
    auto sign_ins = t.of("sign_in");
    REQUIRE(sign_ins.size() == 1);
    CHECK(sign_ins[0]["email"] == "aino@example.fi");
    CHECK(sign_ins[0]["password"] == "wrong password");
    h.app->team()->handle_event({{"event", "auth_error"}, {"code", "auth.bad_credentials"}, {"message", "x"}});
    h.frames(2);
    CHECK(h.shows("The e-mail or the password is wrong."));
    CHECK(h.app->team()->phase() == TeamPhase::SignedOut);
}

TEST_CASE("the invitation screen checks the two passwords before asking the server") {
    FakeTransport t;
    UiHarness h(ImVec2(1280, 800), "2026-11-26", &t);
    h.app->team()->handle_event({{"event", "me"}, {"account", nullptr}, {"invite", "TOKEN1"}});
    h.frames(3);
    h.click("invite.email");
    h.type("new@example.fi");
    h.click("invite.password");
    h.type("long enough pw");
    h.click("invite.password_again");
    h.type("long enough pX");
    h.click("invite.submit");
    CHECK(t.of("accept_invitation").empty());
    CHECK(h.shows("The two passwords are not the same."));
    h.click("invite.password_again");
    h.clear_field();
    h.type("long enough pw");
    h.click("invite.submit");
    auto accepted = t.of("accept_invitation");
    REQUIRE(accepted.size() == 1);
    CHECK(accepted[0]["token"] == "TOKEN1");
    CHECK(accepted[0]["email"] == "new@example.fi");
    CHECK(accepted[0]["password"] == "long enough pw");
}

TEST_CASE("after sign-in the snapshot is the database, and a command is sent as a pending step") {
    FakeTransport t;
    UiHarness h(ImVec2(1280, 800), "2026-11-26", &t);
    sign_in_and_load(h, t);
    REQUIRE(h.app->engine());
    CHECK(h.has("nav.customers"));
    auto sent = t.of("send");
    REQUIRE(sent.size() == 1);
    CHECK(json::parse(sent[0]["text"].get<std::string>()) == json{{"type", "hello"}, {"since", 7}});
    CHECK(h.shows("Online"));

    const int64_t before = h.app->engine()->counts().customers;
    auto r = h.app->run_command({{"cmd", "customer.create"}, {"name", "Pending Oy"}});
    REQUIRE(r.ok());
    CHECK(h.app->engine()->counts().customers == before + 1);
    sent = t.of("send");
    REQUIRE(sent.size() == 2);
    json command = json::parse(sent[1]["text"].get<std::string>());
    CHECK(command["type"] == "command");
    CHECK(command["command_id"] == "cmd-1");
    CHECK(command["base_seq"] == 7);
    CHECK(command["cmd"]["name"] == "Pending Oy");
    h.frames(2);
    CHECK(h.shows("Syncing"));

    // The server refuses it: the customer is taken back and the server's message is shown.
    h.app->team()->handle_event(
        {{"event", "message"},
         {"text", json{{"type", "refused"}, {"command_id", "cmd-1"},
                       {"error", {{"code", "access.denied"}, {"message", "Not in your groups."}}}}.dump()}});
    h.frames(2);
    CHECK(h.app->engine()->counts().customers == before);
    CHECK(h.app->last_error().code == "access.denied");
    CHECK(h.shows("Not in your groups."));
    CHECK(h.shows("Online"));

    // Offline: the status says so, and a command made meanwhile is sent after reconnecting.
    h.app->team()->handle_event({{"event", "disconnected"}});
    REQUIRE(h.app->run_command({{"cmd", "customer.create"}, {"name", "Offline Oy"}}).ok());
    h.frames(2);
    CHECK(h.shows("Offline"));
    CHECK(t.of("send").size() == 2);
    h.app->team()->handle_event({{"event", "connected"}});
    sent = t.of("send");
    REQUIRE(sent.size() == 4);
    CHECK(json::parse(sent[2]["text"].get<std::string>())["type"] == "hello");
    CHECK(json::parse(sent[3]["text"].get<std::string>())["cmd"]["name"] == "Offline Oy");
    std::remove("team_test_snapshot.sqlite");
}

TEST_CASE("in team mode the signed-in account cannot be switched, and its menu signs out") {
    FakeTransport t;
    UiHarness h(ImVec2(1280, 800), "2026-11-26", &t);
    sign_in_and_load(h, t);
    CHECK(h.rect("signed_in_as").label == "Aino Evans");
    h.click("signed_in_as");
    CHECK(h.has("account.sign_out"));
    CHECK(h.has("account.change_password"));
    CHECK_FALSE(h.has("signed_in_as.admin"));
    // Undo is per person and the server's: offered once the server says this account has a step
    // to undo (undo_state), and sent as a command rather than run on the cache.
    REQUIRE(h.app->run_command({{"cmd", "customer.create"}, {"name", "Any Oy"}}).ok());
    CHECK_FALSE(h.app->can_undo());
    h.app->team()->handle_event({{"event", "message"}, {"text", R"({"type":"undo_state","can_undo":true,"can_redo":false,"undo_label":"customer.create","redo_label":""})"}});
    h.app->team()->handle_event({{"event", "disconnected"}});
    CHECK_FALSE(h.app->can_undo());  // offline: the server decides, so no undo
    h.app->team()->handle_event({{"event", "connected"}});
    REQUIRE(h.app->can_undo());
    const size_t sent = t.of("send").size();
    h.app->undo();
    REQUIRE(t.of("send").size() > sent);
    CHECK(json::parse(t.of("send").back()["text"].get<std::string>())["cmd"] == json{{"cmd", "undo"}});
    CHECK_FALSE(h.app->can_undo());  // until the server has answered it
    // Every change of the queue is kept in browser storage for this account.
    REQUIRE_FALSE(t.of("store_pending").empty());
    CHECK(t.of("store_pending").back()["account"] == h.app->team()->account().id);
    CHECK(t.of("store_pending").back()["pending"].size() == h.app->team()->pending_count());
    h.click("account.sign_out");
    REQUIRE(t.of("sign_out").size() == 1);
    h.app->team()->handle_event({{"event", "signed_out"}});
    h.frames(2);
    CHECK(h.app->engine() == nullptr);
    CHECK(h.has("sign_in.email"));
    std::remove("team_test_snapshot.sqlite");
}

TEST_CASE("without the server at start-up the data this browser last had opens, says so, and is kept again as the stream catches up") {
    FakeTransport t;
    UiHarness h(ImVec2(1024, 700), "2026-11-26", &t);
    h.app->team()->handle_event({{"event", "me"},
                                 {"account", account_json()},
                                 {"invite", ""},
                                 {"unreachable", true},
                                 {"cached", {{"path", make_snapshot("team_test_cached.sqlite")}, {"seq", 7},
                                             {"savedAt", "2026-12-02T10:03:04.000Z"}}}});
    h.frames(3);
    REQUIRE(h.app->engine());
    CHECK(h.app->team()->phase() == TeamPhase::Ready);
    CHECK(t.of("load_snapshot").empty());  // nothing to download from: the cached copy is the database
    CHECK(t.of("connect").size() == 1);    // and the stream is wanted (the platform retries with backoff)
    CHECK(h.app->message().find("2026-12-02 10:03 UTC") != std::string::npos);
    CHECK(h.shows("Offline"));
    CHECK(h.app->team()->account().email == "aino@example.fi");

    // A change made offline waits; the server comes back, catches the cache up from seq 7 and takes it.
    REQUIRE(h.app->run_command({{"cmd", "customer.create"}, {"name", "Junassa Oy"}}).ok());
    CHECK(t.of("send").empty());
    h.app->team()->handle_event({{"event", "connected"}});
    auto sent = t.of("send");
    REQUIRE(sent.size() == 2);
    CHECK(json::parse(sent[0]["text"].get<std::string>()) == json{{"type", "hello"}, {"since", 7}});
    CHECK(json::parse(sent[1]["text"].get<std::string>())["cmd"]["name"] == "Junassa Oy");
    auto message = [&](const json& m) { h.app->team()->handle_event({{"event", "message"}, {"text", m.dump()}}); };
    message({{"type", "change"}, {"seq", 8}, {"command_id", "other"}, {"account", "Pekka"}, {"at", "2026-12-02T11:00:00Z"},
             {"rows", json::array()}});
    CHECK(t.of("cache").empty());  // Junassa Oy is still pending: the file is not the server's state
    message({{"type", "refused"}, {"command_id", "cmd-1"}, {"error", {{"code", "access.denied"}, {"message", "No."}}}});
    auto cached = t.of("cache");
    REQUIRE(cached.size() == 1);
    CHECK(cached[0]["seq"] == 8);
    CHECK(cached[0]["path"] == "team_test_cached.sqlite");

    // Signing out forgets the account (the platform deletes the cached data with it).
    h.app->team()->handle_event({{"event", "signed_out"}});
    CHECK(h.app->team()->phase() == TeamPhase::SignedOut);
    CHECK_FALSE(h.app->engine());
    std::remove("team_test_cached.sqlite");
}

TEST_CASE("without the server and without a cached copy the sign-in screen says the server cannot be reached") {
    FakeTransport t;
    UiHarness h(ImVec2(1024, 700), "2026-11-26", &t);
    h.app->team()->handle_event({{"event", "me"}, {"account", nullptr}, {"invite", ""}, {"unreachable", true}});
    h.frames(3);
    CHECK(h.app->team()->phase() == TeamPhase::SignedOut);
    CHECK(h.shows("The server cannot be reached, and this browser has no copy of your data."));
}

TEST_CASE("the changes the server refused are listed from the status line with what they were and why") {
    FakeTransport t;
    UiHarness h(ImVec2(1024, 700), "2026-11-26", &t);
    sign_in_and_load(h, t);
    CHECK_FALSE(h.has("status.refused"));
    REQUIRE(h.app->run_command({{"cmd", "customer.create"}, {"name", "Hylätty Öljy Oy"}}).ok());
    REQUIRE(h.app->run_command({{"cmd", "customer.create"}, {"name", "Toinen Oy"}}).ok());
    auto refuse = [&](const char* id, const char* message) {
        h.app->team()->handle_event(
            {{"event", "message"},
             {"text", json{{"type", "refused"}, {"command_id", id},
                           {"error", {{"code", "access.denied"}, {"message", message}}}}.dump()}});
    };
    refuse("cmd-1", "Not in your groups.");
    refuse("cmd-2", "The number is taken.");
    h.frames(2);
    CHECK(h.shows("2 refused"));
    h.click("status.refused");
    h.frames(2);
    std::string what = command_label("customer.create") + " \xE2\x80\x94 Hylätty Öljy Oy";
    what[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(what[0])));
    CHECK(h.shows(what));
    CHECK(h.shows("Not in your groups."));
    CHECK(h.shows("The number is taken."));
    CHECK(h.app->team()->stats()["refused"][0]["what"] == what);
    CHECK(h.app->team()->stats()["refused"][1]["commandId"] == "cmd-2");
    h.click("refused_dialog.clear");
    h.frames(2);
    CHECK(h.app->team()->refusals().empty());
    CHECK_FALSE(h.has("status.refused"));
    CHECK_FALSE(h.has("refused_dialog.clear"));  // the list closed with it
    std::remove("team_test_snapshot.sqlite");
}
