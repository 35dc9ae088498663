// The team server's logic without the network: the HTTP API (sign-in, accounts, snapshot, exports,
// static files) and the live stream's messages, over one engine instance and the account store.
// http_server.cpp (the only file that knows Boost.Beast) turns sockets into these calls. Everything
// here runs on the server's one thread, so commands are serialised and SQLite needs no locks;
// only password hashing runs elsewhere, through `offload`.
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "accounts.h"
#include "core/engine.h"
#include "sync/sync.h"

namespace vastuu::server {

struct ServeOptions {
    std::string data_dir;             // holds vastuu.sqlite and accounts.sqlite
    std::string static_dir;           // the built web app; "" serves no files
    std::string public_url;           // "http://127.0.0.1:8080": the invitation links' base
    bool empty = false;               // first start: no demo data
    bool secure_cookies = false;      // behind HTTPS: cookies get "; Secure"
    size_t max_body = 64 * 1024;      // the largest accepted HTTP request body
};

struct HttpRequest {
    std::string method;   // "GET", "POST", ...
    std::string target;   // path and query: "/api/me"
    std::string host;     // the Host header
    std::string origin;   // the Origin header ("" when absent)
    std::string cookie;   // the Cookie header
    std::string csrf;     // the X-Vastuu-Csrf header
    std::string accept_encoding;
    std::string peer;     // the client's address (rate limiting)
    std::string body;
};

struct HttpResponse {
    int status = 200;
    std::string content_type = "application/json";
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;  // extra headers (Set-Cookie, ...)
};

// One open WebSocket, as the logic sees it. send() queues a text message; close() ends the socket
// (the network layer then calls Team::detach()).
class LiveSocket {
public:
    virtual ~LiveSocket() = default;
    virtual void send(std::shared_ptr<const std::string> text) = 0;
    virtual void close() = 0;
};

class Team {
public:
    // Opens (creating on first start) DIR/vastuu.sqlite and DIR/accounts.sqlite. `first_link` gets
    // a one-time administrator invitation link when there is no account yet, else "".
    static Result<std::unique_ptr<Team>> open(const ServeOptions& options, std::string& first_link);

    // Runs `work` on a worker thread and then `done` on the server's thread (set by the network layer).
    std::function<void(std::function<void()> work, std::function<void()> done)> offload;

    // Runs `task` after the handlers already waiting (set by the network layer; unset: at once).
    // Commands that arrive together are executed as one batch with one fsync (group commit).
    std::function<void(std::function<void()> task)> defer;

    // An HTTP request; `respond` is called once, at once or later (sign-in hashes a password).
    void handle(const HttpRequest& request, std::function<void(HttpResponse)> respond);

    // The WebSocket handshake of /api/live: the session's account, or the error response to send.
    Result<Account> authorize_live(const HttpRequest& request, HttpResponse& refusal);
    int64_t attach(std::shared_ptr<LiveSocket> socket, const Account& account, const std::string& cookie);
    void on_message(int64_t client, const std::string& text);
    void detach(int64_t client);

    size_t client_count() const { return clients_.size(); }
    Engine& engine() { return *engine_; }

private:
    struct Client {
        std::shared_ptr<LiveSocket> socket;
        Account account;
        std::string session_hash;
        bool live = false;  // after hello: receives every change
    };
    struct View {  // an account's visible customers, as last sent to it
        Engine::VisibleCustomers visible;
        std::string today;
    };

    Team(ServeOptions options, std::unique_ptr<Engine> engine, std::unique_ptr<AccountStore> accounts);

    HttpResponse route(const HttpRequest& request, const std::string& path, const nlohmann::json& body,
                       const Account* account);
    void sign_in(const HttpRequest& request, const nlohmann::json& body, std::function<void(HttpResponse)> respond);
    void accept_invitation(const nlohmann::json& body, std::function<void(HttpResponse)> respond);
    void change_password(const Account& account, const nlohmann::json& body, std::function<void(HttpResponse)> respond);
    HttpResponse static_file(const HttpRequest& request, const std::string& path);
    HttpResponse signed_in(const Account& account, const std::string& token);

    void hello(Client& client, const nlohmann::json& message);
    void command(Client& client, const nlohmann::json& message);
    void run_pending_commands();
    // What one batch sends, collected per socket and sent as one frame each (Outbox::flush): with 200
    // clients and 20 writers a batch of commands costs each socket one write, not one per command.
    struct Outbox {
        std::vector<std::pair<std::shared_ptr<LiveSocket>, std::vector<std::shared_ptr<const std::string>>>> sockets;
        std::unordered_map<const LiveSocket*, size_t> index;
        void add(const std::shared_ptr<LiveSocket>& socket, std::shared_ptr<const std::string> text);
        void flush();
    };
    // The change to every streaming socket, filtered per account; a socket it sends a resync stops
    // streaming, and its client id goes to `resynced`.
    void broadcast(const sync::Change& change, Outbox& out, std::vector<int64_t>& resynced);
    View& view_of(const Account& account);
    void close_where(const std::function<bool(const Client&)>& which);

    bool rate_limited(const std::string& email, const std::string& peer, int64_t now);
    void record_failure(const std::string& email, const std::string& peer, int64_t now);

    ServeOptions options_;
    std::unique_ptr<Engine> engine_;
    std::unique_ptr<AccountStore> accounts_;
    std::map<int64_t, Client> clients_;
    int64_t next_client_ = 1;
    struct PendingCommand {
        std::shared_ptr<LiveSocket> socket;
        Account account;
        std::string command_id;
        nlohmann::json cmd;
        int64_t base_seq = -1;  // the seq the client's cache reflected when it ran the command (-1: not given)
    };
    std::vector<PendingCommand> pending_;  // waiting for the next batch
    bool batch_scheduled_ = false;
    std::unordered_map<int64_t, View> views_;  // by account id
    std::unordered_map<std::string, std::vector<int64_t>> failures_;  // "email:..." / "peer:..." -> times
};

// The current time: Unix seconds, "YYYY-MM-DDTHH:MM:SSZ", and the local "YYYY-MM-DD".
int64_t unix_now();
sync::Clock clock_now();

}  // namespace vastuu::server
