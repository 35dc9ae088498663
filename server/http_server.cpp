// Boost.Beast and Asio: the listener, HTTP sessions and WebSocket sessions of vastuu-server. One
// io_context on one thread runs everything (Team is single-threaded); password hashing goes to a
// small thread pool and comes back to that thread. Kept to this one translation unit because Beast
// compiles slowly.
#include "http_server.h"

#include "core/i18n.h"

#include <sodium.h>

#include <cstdio>
#include <deque>
#include <iostream>
#include <optional>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

namespace vastuu::server {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace net = boost::asio;
using tcp = net::ip::tcp;

constexpr size_t kMaxMessage = 4 * 1024 * 1024;      // the largest WebSocket message accepted
constexpr size_t kMaxQueued = 32 * 1024 * 1024;      // a reader this far behind is disconnected

std::string header(const http::request<http::string_body>& req, http::field f) {
    auto it = req.find(f);
    return it == req.end() ? std::string() : std::string(it->value());
}

HttpRequest to_request(const http::request<http::string_body>& req, const tcp::socket& socket) {
    HttpRequest r;
    r.method = std::string(req.method_string());
    r.target = std::string(req.target());
    r.host = header(req, http::field::host);
    r.origin = header(req, http::field::origin);
    r.cookie = header(req, http::field::cookie);
    r.accept_encoding = header(req, http::field::accept_encoding);
    auto csrf = req.find("X-Vastuu-Csrf");
    if (csrf != req.end()) r.csrf = std::string(csrf->value());
    beast::error_code ec;
    auto peer = socket.remote_endpoint(ec);
    r.peer = ec ? std::string("?") : peer.address().to_string();
    r.body = req.body();
    return r;
}

// ---------------------------------------------------------------------------------------------
// WebSocket: /api/live
// ---------------------------------------------------------------------------------------------

class LiveSession : public std::enable_shared_from_this<LiveSession>, public LiveSocket {
public:
    LiveSession(tcp::socket&& socket, Team& team) : ws_(std::move(socket)), team_(team) {}

    void start(http::request<http::string_body> req, Account account) {
        ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
        ws_.read_message_max(kMaxMessage);
        const std::string cookie = header(req, http::field::cookie);
        auto self = shared_from_this();
        ws_.async_accept(req, [self, account, cookie](beast::error_code ec) {
            if (ec) return;
            self->id_ = self->team_.attach(self, account, cookie);
            self->read();
        });
    }

    void send(std::shared_ptr<const std::string> text) override {
        if (closing_) return;
        queued_ += text->size();
        queue_.push_back(std::move(text));
        if (queued_ > kMaxQueued) return close();
        if (queue_.size() == 1) write();
    }

    void close() override {
        if (closing_) return;
        closing_ = true;
        auto self = shared_from_this();
        // Detached later, never inside the caller's loop over the clients.
        net::post(ws_.get_executor(), [self] { self->team_.detach(self->id_); });
        ws_.async_close(websocket::close_code::policy_error, [self](beast::error_code) {});
    }

private:
    void read() {
        auto self = shared_from_this();
        ws_.async_read(buffer_, [self](beast::error_code ec, size_t) {
            if (ec) {
                self->closing_ = true;
                self->team_.detach(self->id_);
                return;
            }
            std::string text = beast::buffers_to_string(self->buffer_.data());
            self->buffer_.consume(self->buffer_.size());
            if (!self->closing_) self->team_.on_message(self->id_, text);
            self->read();
        });
    }

    void write() {
        auto self = shared_from_this();
        ws_.text(true);
        ws_.async_write(net::buffer(*queue_.front()), [self](beast::error_code ec, size_t) {
            if (ec) return;
            self->queued_ -= self->queue_.front()->size();
            self->queue_.pop_front();
            if (!self->queue_.empty()) self->write();
        });
    }

    websocket::stream<beast::tcp_stream> ws_;
    Team& team_;
    int64_t id_ = 0;
    beast::flat_buffer buffer_;
    std::deque<std::shared_ptr<const std::string>> queue_;
    size_t queued_ = 0;
    bool closing_ = false;
};

// ---------------------------------------------------------------------------------------------
// HTTP
// ---------------------------------------------------------------------------------------------

class HttpSession : public std::enable_shared_from_this<HttpSession> {
public:
    HttpSession(tcp::socket&& socket, Team& team, size_t max_body) : stream_(std::move(socket)), team_(team), max_body_(max_body) {}

    void read() {
        parser_.emplace();
        parser_->body_limit(max_body_);
        parser_->header_limit(16 * 1024);
        stream_.expires_after(std::chrono::seconds(60));
        auto self = shared_from_this();
        http::async_read(stream_, buffer_, *parser_, [self](beast::error_code ec, size_t) { self->on_read(ec); });
    }

private:
    void on_read(beast::error_code ec) {
        if (ec == http::error::body_limit) {
            HttpResponse r;
            r.status = 413;
            r.body = nlohmann::json{{"ok", false}, {"code", "request.too_large"},
                                    {"message", tr_format("error.request.too_large", {std::to_string(max_body_)})}}.dump();
            return write(std::move(r), 11, false);
        }
        if (ec) {
            beast::error_code ignored;
            stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
            return;
        }
        http::request<http::string_body> req = parser_->release();
        if (websocket::is_upgrade(req)) {
            HttpRequest r = to_request(req, stream_.socket());
            HttpResponse refusal;
            if (r.target.substr(0, r.target.find('?')) != "/api/live") {
                refusal.status = 404;
                refusal.body = R"({"ok":false,"code":"request.not_found","message":"WebSocket only at /api/live"})";
                return write(std::move(refusal), req.version(), false);
            }
            auto account = team_.authorize_live(r, refusal);
            if (!account.ok()) return write(std::move(refusal), req.version(), false);
            stream_.expires_never();
            std::make_shared<LiveSession>(stream_.release_socket(), team_)->start(std::move(req), account.value());
            return;
        }
        const unsigned version = req.version();
        const bool keep_alive = req.keep_alive();
        const bool head = req.method() == http::verb::head;
        auto self = shared_from_this();
        team_.handle(to_request(req, stream_.socket()), [self, version, keep_alive, head](HttpResponse r) {
            if (head) r.body.clear();
            self->write(std::move(r), version, keep_alive);
        });
    }

    void write(HttpResponse r, unsigned version, bool keep_alive) {
        auto res = std::make_shared<http::response<http::string_body>>(static_cast<http::status>(r.status), version);
        res->set(http::field::server, "vastuu-server");
        res->set(http::field::content_type, r.content_type);
        res->set("X-Content-Type-Options", "nosniff");
        for (auto& [name, value] : r.headers) res->insert(name, value);
        res->body() = std::move(r.body);
        res->keep_alive(keep_alive);
        res->prepare_payload();
        auto self = shared_from_this();
        http::async_write(stream_, *res, [self, res](beast::error_code ec, size_t) {
            if (ec || !res->keep_alive()) {
                beast::error_code ignored;
                self->stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
                return;
            }
            self->buffer_.consume(self->buffer_.size());
            self->read();
        });
    }

    beast::tcp_stream stream_;
    Team& team_;
    size_t max_body_;
    beast::flat_buffer buffer_;
    std::optional<http::request_parser<http::string_body>> parser_;
};

void accept(tcp::acceptor& acceptor, Team& team, size_t max_body) {
    acceptor.async_accept([&acceptor, &team, max_body](beast::error_code ec, tcp::socket socket) {
        if (!ec) {
            // Small WebSocket messages must not wait for Nagle's algorithm (40 ms with delayed ACKs).
            beast::error_code ignored;
            socket.set_option(tcp::no_delay(true), ignored);
            std::make_shared<HttpSession>(std::move(socket), team, max_body)->read();
        }
        accept(acceptor, team, max_body);
    });
}

}  // namespace

int serve(ServeOptions options, const ListenOptions& listen) {
    if (sodium_init() < 0) {
        std::fprintf(stderr, "vastuu-server: libsodium failed to start\n");
        return 1;
    }
    net::io_context ioc(1);
    tcp::acceptor acceptor(ioc);
    beast::error_code ec;
    auto address = net::ip::make_address(listen.address, ec);
    if (ec) {
        std::fprintf(stderr, "vastuu-server: --listen %s: %s\n", listen.address.c_str(), ec.message().c_str());
        return 2;
    }
    tcp::endpoint endpoint(address, static_cast<unsigned short>(listen.port));
    acceptor.open(endpoint.protocol(), ec);
    if (!ec) acceptor.set_option(net::socket_base::reuse_address(true), ec);
    if (!ec) acceptor.bind(endpoint, ec);
    if (!ec) acceptor.listen(net::socket_base::max_listen_connections, ec);
    if (ec) {
        std::fprintf(stderr, "vastuu-server: cannot listen on %s:%d: %s\n", listen.address.c_str(), listen.port,
                     ec.message().c_str());
        return 2;
    }
    const int port = acceptor.local_endpoint().port();
    const std::string host = address.is_v6() ? "[" + listen.address + "]" : listen.address;
    const std::string url = "http://" + (listen.address == "0.0.0.0" ? std::string("127.0.0.1") : host) + ":" + std::to_string(port);
    if (options.public_url.empty()) options.public_url = url;

    std::string first_link;
    auto team = Team::open(options, first_link);
    if (!team.ok()) {
        std::fprintf(stderr, "vastuu-server: %s: %s\n", team.error().code.c_str(), team.error().message.c_str());
        if (!team.error().detail.empty()) std::fprintf(stderr, "%s\n", team.error().detail.c_str());
        return 1;
    }
    net::thread_pool workers(2);
    team.value()->offload = [&ioc, &workers](std::function<void()> work, std::function<void()> done) {
        net::post(workers, [&ioc, work = std::move(work), done = std::move(done)]() mutable {
            work();
            net::post(ioc, std::move(done));
        });
    };
    team.value()->defer = [&ioc](std::function<void()> task) { net::post(ioc, std::move(task)); };
    accept(acceptor, *team.value(), options.max_body);

    net::signal_set signals(ioc, SIGINT, SIGTERM);
    signals.async_wait([&ioc](beast::error_code, int) { ioc.stop(); });

    std::printf("vastuu-server: serving %s on %s/\n", options.data_dir.c_str(), url.c_str());
    if (!first_link.empty())
        std::printf("vastuu-server: no accounts yet. The first administrator signs up with this one-time link:\n  %s\n",
                    first_link.c_str());
    std::printf("vastuu-server: ready\n");
    std::fflush(stdout);
    ioc.run();
    workers.join();
    return 0;
}

}  // namespace vastuu::server
