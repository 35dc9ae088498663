// The team logic in process for the server tests (team.h, no network): a Team opened on a data
// folder whose deferred batches the test runs itself, and a socket that records what it is sent.
// The real server over 127.0.0.1 is tested in test_server.cpp.
#pragma once
#include <doctest/doctest.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "team.h"

namespace vastuu_test {

// Every frame as sent, and every message with a batch's array unpacked.
struct RecordingSocket : vastuu::server::LiveSocket {
    std::vector<std::string> frames;
    std::vector<nlohmann::json> messages;
    void send(std::shared_ptr<const std::string> text) override {
        frames.push_back(*text);
        nlohmann::json j = nlohmann::json::parse(*text);
        if (j.is_array())
            for (auto& m : j) messages.push_back(m);
        else
            messages.push_back(j);
    }
    void close() override {}
};

// Team::open on `data_dir` (no demo data); the batches it defers wait in `deferred`.
struct InProcessTeam {
    explicit InProcessTeam(const std::string& data_dir) {
        options.data_dir = data_dir;
        options.empty = true;
        std::string first_link;
        auto opened = vastuu::server::Team::open(options, first_link);
        REQUIRE(opened.ok());
        team = std::move(opened.value());
        team->defer = [this](std::function<void()> task) { deferred.push_back(std::move(task)); };
    }
    InProcessTeam(const InProcessTeam&) = delete;
    InProcessTeam& operator=(const InProcessTeam&) = delete;

    vastuu::server::ServeOptions options;
    std::unique_ptr<vastuu::server::Team> team;
    std::vector<std::function<void()>> deferred;
};

}  // namespace vastuu_test
