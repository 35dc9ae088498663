// The team logic in process, with sockets that record what they are sent: what one batch of
// commands sends reaches each socket as one frame (a JSON array of the messages, in order), and a
// lone message goes as it is (tests/server/team_in_process.h). The real server and network are
// tested in test_server.cpp.
#include <doctest/doctest.h>

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "team_in_process.h"

using nlohmann::json;
using namespace vastuu;
using namespace vastuu::server;
using vastuu_test::InProcessTeam;
using vastuu_test::RecordingSocket;

namespace {

std::string command_text(int i) {
    return json{{"type", "command"},
                {"command_id", "erä-" + std::to_string(i)},
                {"cmd", {{"cmd", "customer.create"}, {"name", "Erätesti Öljy " + std::to_string(i)}}}}
        .dump();
}

}  // namespace

TEST_CASE("team: the changes and acks of one batch reach each socket as one frame, in order") {
    const std::filesystem::path dir = std::filesystem::temp_directory_path() / "vastuu-team-batching";
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    InProcessTeam in_process(dir.string());
    vastuu::server::Team& team = *in_process.team;
    auto& deferred = in_process.deferred;

    Account anna{1, "anna@example.fi", "Anna Ääri", 0, true, false};
    Account olli{2, "olli@example.fi", "Olli Öhman", 0, true, false};
    auto writer = std::make_shared<RecordingSocket>(), reader = std::make_shared<RecordingSocket>();
    const int64_t w = team.attach(writer, anna, "");
    const int64_t r = team.attach(reader, olli, "");
    team.on_message(w, R"({"type":"hello","since":0})");
    team.on_message(r, R"({"type":"hello","since":0})");
    writer->frames.clear();
    reader->frames.clear();

    for (int i = 0; i < 5; ++i) team.on_message(w, command_text(i));
    REQUIRE(deferred.size() == 1);  // one batch for the five
    deferred[0]();
    REQUIRE(reader->frames.size() == 1);
    json seen = json::parse(reader->frames[0]);
    REQUIRE(seen.is_array());
    REQUIRE(seen.size() == 5);
    for (int i = 0; i < 5; ++i) {
        CHECK(seen[i]["type"] == "change");
        CHECK(seen[i]["command_id"] == "erä-" + std::to_string(i));
        if (i) CHECK(seen[i]["seq"].get<int64_t>() == seen[i - 1]["seq"].get<int64_t>() + 1);
    }
    REQUIRE(writer->frames.size() == 1);
    json own = json::parse(writer->frames[0]);
    REQUIRE(own.is_array());
    REQUIRE(own.size() == 11);  // each change, then its ack, then the writer's undo state
    CHECK(own[10]["type"] == "undo_state");
    CHECK(own[10]["can_undo"] == true);
    for (int i = 0; i < 5; ++i) {
        CHECK(own[2 * i]["type"] == "change");
        CHECK(own[2 * i + 1]["type"] == "ack");
        CHECK(own[2 * i + 1]["command_id"] == "erä-" + std::to_string(i));
        CHECK(own[2 * i + 1]["seq"] == own[2 * i]["seq"]);
    }

    // A lone command's change is one plain message.
    team.on_message(w, command_text(5));
    REQUIRE(deferred.size() == 2);
    deferred[1]();
    REQUIRE(reader->frames.size() == 2);
    json lone = json::parse(reader->frames[1]);
    CHECK(lone.is_object());
    CHECK(lone["type"] == "change");
    team.detach(w);
    team.detach(r);
    in_process.team.reset();
    std::filesystem::remove_all(dir);
}

TEST_CASE("team: two new customers in a salesperson's group in one batch arrive as two changes, not a resync") {
    const std::filesystem::path dir = std::filesystem::temp_directory_path() / "vastuu-team-batching-views";
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    InProcessTeam in_process(dir.string());
    vastuu::server::Team& team = *in_process.team;
    auto& deferred = in_process.deferred;
    auto employee = team.engine().execute({{"cmd", "employee.create"}, {"name", "Sanna Myyjä"}});
    REQUIRE(employee.ok());
    const int64_t sanna = employee.value()["id"].get<int64_t>();
    auto group = team.engine().execute({{"cmd", "group.create"}, {"name", "Etelä"}, {"salesperson_ids", {sanna}}});
    REQUIRE(group.ok());
    const int64_t south = group.value()["id"].get<int64_t>();

    Account anna{1, "anna@example.fi", "Anna Ääri", 0, true, false};
    Account seller{2, "sanna@example.fi", "Sanna Myyjä", sanna, false, false};
    auto writer = std::make_shared<RecordingSocket>(), reader = std::make_shared<RecordingSocket>();
    const int64_t w = team.attach(writer, anna, "");
    const int64_t r = team.attach(reader, seller, "");
    team.on_message(w, R"({"type":"hello","since":0})");
    team.on_message(r, R"({"type":"hello","since":0})");
    reader->frames.clear();

    for (int i = 0; i < 2; ++i)
        team.on_message(w, json{{"type", "command"}, {"command_id", "uusi-" + std::to_string(i)},
                                {"cmd", {{"cmd", "customer.create"}, {"name", "Uusi " + std::to_string(i)}, {"group_id", south}}}}.dump());
    REQUIRE(deferred.size() == 1);  // one batch for the two
    deferred[0]();
    REQUIRE(reader->frames.size() == 1);
    json seen = json::parse(reader->frames[0]);
    INFO(reader->frames[0]);
    REQUIRE(seen.is_array());
    REQUIRE(seen.size() == 2);
    for (int i = 0; i < 2; ++i) {
        CHECK(seen[i]["type"] == "change");
        CHECK(seen[i]["command_id"] == "uusi-" + std::to_string(i));
    }
    team.detach(w);
    team.detach(r);
    in_process.team.reset();
    std::filesystem::remove_all(dir);
}
