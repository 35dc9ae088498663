// Team mode for the UI tests, with no server: a fake TeamTransport that records the requests (the
// test answers them with the events web/team.js would send), a snapshot file of demo data, and
// signing in through the real sign-in screen. Shared by every team-mode UI test.
#pragma once
#include <cstdio>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "io/demo_data.h"
#include "ui_harness.h"

namespace vastuu::ui::testing {

struct FakeTransport final : TeamTransport {
    std::vector<nlohmann::json> requests;
    int ids = 0;
    void request(const nlohmann::json& r) override { requests.push_back(r); }
    std::string new_command_id() override { return "cmd-" + std::to_string(++ids); }
    // The requests of one kind ({"do": kind}).
    std::vector<nlohmann::json> of(const std::string& kind) const {
        std::vector<nlohmann::json> out;
        for (const nlohmann::json& r : requests)
            if (r["do"] == kind) out.push_back(r);
        return out;
    }
};

// A database file like the server's snapshot: the demo data at `path`.
inline std::string make_snapshot(const std::string& path) {
    for (const char* suffix : {"", "-journal", "-wal"}) std::remove((path + suffix).c_str());
    auto e = Engine::open(path);
    REQUIRE(e.ok());
    REQUIRE(generate_demo(e.value()->handle(), demo_default()).ok());
    return path;
}

// An employee's account (Aino Evans, employee 5); kind "admin" makes it an administrator's.
inline nlohmann::json account_json(const std::string& kind = "employee") {
    return {{"id", 3}, {"email", "aino@example.fi"}, {"name", "Aino Evans"}, {"employee_id", 5}, {"kind", kind}};
}

// Signs in through the screen and opens a snapshot: the app is Ready and connected.
inline void sign_in_and_load(UiHarness& h, FakeTransport& t, const nlohmann::json& account = account_json(),
                             const std::string& snapshot = "team_test_snapshot.sqlite") {
    h.app->team()->handle_event({{"event", "me"}, {"account", nullptr}, {"invite", ""}});
    h.frames(3);
    h.click("sign_in.email");
    h.type("aino@example.fi");
    h.click("sign_in.password");
    h.type("correct horse");
    h.click("sign_in.submit");
    REQUIRE(t.of("sign_in").size() == 1);
    h.app->team()->handle_event({{"event", "signed_in"}, {"account", account}});
    REQUIRE(t.of("load_snapshot").size() == 1);
    h.app->team()->handle_event({{"event", "snapshot"}, {"path", make_snapshot(snapshot)}, {"seq", 7}});
    REQUIRE(t.of("connect").size() == 1);
    h.app->team()->handle_event({{"event", "connected"}});
    h.frames(3);
}

}  // namespace vastuu::ui::testing
