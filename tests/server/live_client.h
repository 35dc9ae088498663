// A client of vastuu-server for the server tests and bench/server_load: HTTP requests, WebSocket
// clients of /api/live on one event loop, and the server process itself (started on 127.0.0.1 with
// a data folder, stopped with SIGTERM or SIGKILL). Boost.Beast stays inside live_client.cpp, so the
// tests and the bench compile quickly.
#pragma once
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace vastuu_test {

struct HttpResult {
    int status = 0;                              // 0: no answer (connection failed)
    std::string body;
    std::map<std::string, std::string> headers;  // lower-case names
    nlohmann::json json() const { return nlohmann::json::parse(body, nullptr, false); }
    // "vastuu_session=TOKEN" from Set-Cookie ("" if none), ready for a Cookie header.
    std::string cookie() const;
};

using Headers = std::vector<std::pair<std::string, std::string>>;

// One request on a new connection to 127.0.0.1:port.
HttpResult http_request(int port, const std::string& method, const std::string& target, const std::string& body = "",
                        const Headers& headers = {});
// A POST the way the web app sends it: JSON body, X-Vastuu-Csrf: 1, the cookie if given.
HttpResult post_json(int port, const std::string& target, const nlohmann::json& body, const std::string& cookie = "");
HttpResult get(int port, const std::string& target, const std::string& cookie = "");

// The event loop the WebSocket clients run on (one thread: the caller's).
class Loop {
public:
    Loop();
    ~Loop();
    void run_for(int milliseconds);  // runs handlers for that long
    bool run_one_for(int milliseconds);  // runs at most one handler; false on timeout
    void* context();  // the boost::asio::io_context, for live_client.cpp
private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// One WebSocket of /api/live.
class Live {
public:
    Live(Loop& loop, int port, std::string cookie, std::string origin = "");
    ~Live();
    // Connects and completes the handshake (blocking). False with the HTTP status on refusal.
    bool open(int* refused_status = nullptr);
    // The same without blocking: connects and shakes hands on the loop, then calls `done` (true:
    // open and reading) from a handler. A close() before then ends it with done(false).
    void open_async(std::function<void(bool)> done);
    // Every message goes to `handler` when set; otherwise it is queued for next().
    void on_message(std::function<void(const std::string&)> handler);
    void send(const nlohmann::json& message);
    void send_text(const std::string& text);
    // The next queued message, running the loop up to `milliseconds` for one.
    std::optional<nlohmann::json> next(int milliseconds);
    // The next message of `type` (others are skipped and kept in skipped()).
    std::optional<nlohmann::json> next_of(const std::string& type, int milliseconds);
    bool closed() const;
    void close();
    std::vector<nlohmann::json>& skipped() { return skipped_; }

private:
    struct Impl;
    std::shared_ptr<Impl> impl_;
    std::vector<nlohmann::json> skipped_;
};

// vastuu-server serve on 127.0.0.1 with a free port.
class ServerProcess {
public:
    // `binary`: the vastuu-server executable; `data`: the data folder; extra arguments after serve's.
    ServerProcess(std::string binary, std::string data, std::vector<std::string> extra = {});
    ~ServerProcess();
    bool start();           // waits for the "serving" line; false if the process died
    void stop();            // SIGTERM and wait
    void kill_hard();       // SIGKILL and wait
    int port() const { return port_; }
    const std::string& first_invitation() const { return invitation_; }  // the token of the first link
    long rss_kib() const;   // the process's resident memory (VmRSS)
    int pid() const { return pid_; }

private:
    std::string binary_, data_;
    std::vector<std::string> extra_;
    int pid_ = 0, port_ = 0;
    std::string invitation_;
};

// The server binary: $VASTUU_SERVER, else ./vastuu-server.
std::string server_binary();

}  // namespace vastuu_test
