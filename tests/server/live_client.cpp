// live_client.h's implementation: Boost.Beast for HTTP and WebSocket, fork/exec for the server.
#include "live_client.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

namespace vastuu_test {

namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace net = boost::asio;
using tcp = net::ip::tcp;

std::string HttpResult::cookie() const {
    auto it = headers.find("set-cookie");
    if (it == headers.end()) return std::string();
    return it->second.substr(0, it->second.find(';'));
}

HttpResult http_request(int port, const std::string& method, const std::string& target, const std::string& body,
                        const Headers& headers) {
    HttpResult out;
    try {
        net::io_context ioc;
        beast::tcp_stream stream(ioc);
        stream.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port)));
        http::request<http::string_body> req(http::string_to_verb(method), target, 11);
        req.set(http::field::host, "127.0.0.1:" + std::to_string(port));
        for (const auto& [name, value] : headers) req.set(name, value);
        req.body() = body;
        req.prepare_payload();
        http::write(stream, req);
        beast::flat_buffer buffer;
        http::response_parser<http::string_body> parser;
        parser.body_limit(512 * 1024 * 1024);
        http::read(stream, buffer, parser);
        auto res = parser.release();
        out.status = static_cast<int>(res.result_int());
        out.body = res.body();
        for (const auto& f : res) {
            std::string name(f.name_string());
            for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            out.headers[name] = std::string(f.value());
        }
        beast::error_code ec;
        stream.socket().shutdown(tcp::socket::shutdown_both, ec);
    } catch (const std::exception&) {
        // A server that closes the connection mid-request (an oversize body) may answer first.
        if (out.status == 0) out.status = 0;
    }
    return out;
}

HttpResult post_json(int port, const std::string& target, const nlohmann::json& body, const std::string& cookie) {
    Headers h = {{"Content-Type", "application/json"}, {"X-Vastuu-Csrf", "1"}};
    if (!cookie.empty()) h.emplace_back("Cookie", cookie);
    return http_request(port, "POST", target, body.dump(), h);
}

HttpResult get(int port, const std::string& target, const std::string& cookie) {
    Headers h;
    if (!cookie.empty()) h.emplace_back("Cookie", cookie);
    return http_request(port, "GET", target, "", h);
}

// ---------------------------------------------------------------------------------------------

struct Loop::Impl {
    net::io_context ioc;
    net::executor_work_guard<net::io_context::executor_type> work = net::make_work_guard(ioc);
};

Loop::Loop() : impl_(std::make_unique<Impl>()) {}
Loop::~Loop() = default;
void Loop::run_for(int ms) {
    impl_->ioc.restart();
    impl_->ioc.run_for(std::chrono::milliseconds(ms));
}
bool Loop::run_one_for(int ms) {
    impl_->ioc.restart();
    return impl_->ioc.run_one_for(std::chrono::milliseconds(ms)) > 0;
}
void* Loop::context() { return &impl_->ioc; }

struct Live::Impl : std::enable_shared_from_this<Live::Impl> {
    net::io_context& ioc;
    websocket::stream<beast::tcp_stream> ws;
    beast::flat_buffer buffer;
    std::deque<std::string> outgoing;
    std::deque<std::string> incoming;
    std::function<void(const std::string&)> handler;
    size_t frames = 0;  // WebSocket messages read (each holds one or more protocol messages)
    bool closed = false;
    int port;
    std::string cookie, origin;
    std::string host;  // "127.0.0.1:PORT": kept here while an async handshake uses it

    Impl(net::io_context& io, int p, std::string c, std::string o)
        : ioc(io), ws(io), port(p), cookie(std::move(c)), origin(std::move(o)) {}

    void read() {
        auto self = shared_from_this();
        ws.async_read(buffer, [self](beast::error_code ec, size_t) {
            if (ec) {
                self->closed = true;
                return;
            }
            std::string text = beast::buffers_to_string(self->buffer.data());
            self->buffer.consume(self->buffer.size());
            ++self->frames;
            // A frame holds one message, or several as a JSON array (docs/team-protocol.md).
            std::vector<std::string> messages;
            if (!text.empty() && text[0] == '[') {
                nlohmann::json all = nlohmann::json::parse(text, nullptr, false);
                if (all.is_array())
                    for (const auto& m : all) messages.push_back(m.dump());
            } else {
                messages.push_back(std::move(text));
            }
            for (std::string& m : messages) {
                if (self->handler) self->handler(m);
                else self->incoming.push_back(std::move(m));
            }
            self->read();
        });
    }
    void write() {
        auto self = shared_from_this();
        ws.text(true);
        ws.async_write(net::buffer(outgoing.front()), [self](beast::error_code ec, size_t) {
            if (ec) {
                self->closed = true;
                return;
            }
            self->outgoing.pop_front();
            if (!self->outgoing.empty()) self->write();
        });
    }
};

Live::Live(Loop& loop, int port, std::string cookie, std::string origin)
    : impl_(std::make_shared<Impl>(*static_cast<net::io_context*>(loop.context()), port, std::move(cookie), std::move(origin))) {}

Live::~Live() { close(); }

bool Live::open(int* refused_status) {
    try {
        beast::get_lowest_layer(impl_->ws).connect(
            tcp::endpoint(net::ip::make_address("127.0.0.1"), static_cast<unsigned short>(impl_->port)));
        beast::get_lowest_layer(impl_->ws).socket().set_option(tcp::no_delay(true));
        impl_->ws.set_option(websocket::stream_base::decorator([this](websocket::request_type& req) {
            if (!impl_->cookie.empty()) req.set(http::field::cookie, impl_->cookie);
            if (!impl_->origin.empty()) req.set(http::field::origin, impl_->origin);
        }));
        impl_->ws.read_message_max(256 * 1024 * 1024);
        websocket::response_type res;
        beast::error_code ec;
        impl_->ws.handshake(res, "127.0.0.1:" + std::to_string(impl_->port), "/api/live", ec);
        if (ec) {
            // Beast 1.74 does not hand back the refusal; ask again as plain HTTP to learn its status.
            if (refused_status) {
                Headers h = {{"Connection", "Upgrade"}, {"Upgrade", "websocket"}, {"Sec-WebSocket-Version", "13"},
                             {"Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="}};
                if (!impl_->cookie.empty()) h.emplace_back("Cookie", impl_->cookie);
                if (!impl_->origin.empty()) h.emplace_back("Origin", impl_->origin);
                *refused_status = http_request(impl_->port, "GET", "/api/live", "", h).status;
            }
            impl_->closed = true;
            return false;
        }
    } catch (const std::exception&) {
        if (refused_status) *refused_status = 0;
        impl_->closed = true;
        return false;
    }
    impl_->read();
    return true;
}

void Live::open_async(std::function<void(bool)> done) {
    auto impl = impl_;
    impl->host = "127.0.0.1:" + std::to_string(impl->port);
    tcp::endpoint to(net::ip::make_address("127.0.0.1"), static_cast<unsigned short>(impl->port));
    beast::get_lowest_layer(impl->ws).async_connect(to, [impl, done = std::move(done)](beast::error_code ec) mutable {
        if (ec || impl->closed) {
            impl->closed = true;
            return done(false);
        }
        beast::get_lowest_layer(impl->ws).socket().set_option(tcp::no_delay(true), ec);
        // The stream owns the decorator, so it holds the Impl by a plain pointer (no cycle).
        Impl* raw = impl.get();
        impl->ws.set_option(websocket::stream_base::decorator([raw](websocket::request_type& req) {
            if (!raw->cookie.empty()) req.set(http::field::cookie, raw->cookie);
            if (!raw->origin.empty()) req.set(http::field::origin, raw->origin);
        }));
        impl->ws.read_message_max(256 * 1024 * 1024);
        impl->ws.async_handshake(impl->host, "/api/live", [impl, done = std::move(done)](beast::error_code ec) mutable {
            if (ec || impl->closed) {
                impl->closed = true;
                return done(false);
            }
            impl->read();
            done(true);
        });
    });
}

void Live::on_message(std::function<void(const std::string&)> handler) { impl_->handler = std::move(handler); }

void Live::send_text(const std::string& text) {
    if (impl_->closed) return;
    impl_->outgoing.push_back(text);
    if (impl_->outgoing.size() == 1) impl_->write();
}

void Live::send(const nlohmann::json& message) { send_text(message.dump()); }

std::optional<nlohmann::json> Live::next(int ms) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
    auto& io = impl_->ioc;
    while (impl_->incoming.empty() && !impl_->closed) {
        auto left = deadline - std::chrono::steady_clock::now();
        if (left <= std::chrono::milliseconds(0)) break;
        io.restart();
        io.run_one_for(left);
    }
    if (impl_->incoming.empty()) return std::nullopt;
    std::string text = std::move(impl_->incoming.front());
    impl_->incoming.pop_front();
    return nlohmann::json::parse(text, nullptr, false);
}

std::optional<nlohmann::json> Live::next_of(const std::string& type, int ms) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
    for (;;) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) return std::nullopt;
        auto m = next(static_cast<int>(left.count()));
        if (!m) return std::nullopt;
        if (m->value("type", "") == type) return m;
        skipped_.push_back(*m);
    }
}

bool Live::closed() const { return impl_->closed; }

void Live::close() {
    if (impl_->closed) return;
    impl_->closed = true;
    beast::error_code ec;
    beast::get_lowest_layer(impl_->ws).socket().shutdown(tcp::socket::shutdown_both, ec);
    beast::get_lowest_layer(impl_->ws).socket().close(ec);
}

// ---------------------------------------------------------------------------------------------

std::string server_binary() {
    const char* env = std::getenv("VASTUU_SERVER");
    return env && *env ? env : "./vastuu-server";
}

ServerProcess::ServerProcess(std::string binary, std::string data, std::vector<std::string> extra)
    : binary_(std::move(binary)), data_(std::move(data)), extra_(std::move(extra)) {}

ServerProcess::~ServerProcess() { stop(); }

bool ServerProcess::start() {
    int out[2];
    if (pipe(out) != 0) return false;
    pid_ = fork();
    if (pid_ == 0) {
        dup2(out[1], STDOUT_FILENO);
        close(out[0]);
        close(out[1]);
        std::vector<std::string> args = {binary_, "serve", "--data", data_, "--port", "0", "--static", ""};
        args.insert(args.end(), extra_.begin(), extra_.end());
        std::vector<char*> argv;
        for (auto& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
        execv(binary_.c_str(), argv.data());
        _exit(127);
    }
    close(out[1]);
    // Reads the first lines: "serving DIR on http://127.0.0.1:PORT/" and maybe the invitation link.
    FILE* f = fdopen(out[0], "r");
    char line[1024];
    invitation_.clear();
    port_ = 0;
    while (std::fgets(line, sizeof line, f)) {
        std::string l(line);
        auto at = l.find("http://127.0.0.1:");
        auto token = l.find("#/invite/");
        if (token != std::string::npos) invitation_ = l.substr(token + 9, l.find_last_not_of("\r\n") - token - 8);
        else if (l.find("serving") != std::string::npos && at != std::string::npos) port_ = std::atoi(l.c_str() + at + 17);
        if (l.find("vastuu-server: ready") != std::string::npos) break;
    }
    // The pipe stays open: the server may print more, and a closed pipe would stop it (SIGPIPE).
    return port_ > 0;
}

void ServerProcess::stop() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = 0;
}

void ServerProcess::kill_hard() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = 0;
}

long ServerProcess::rss_kib() const {
    std::ifstream in("/proc/" + std::to_string(pid_) + "/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("VmRSS:", 0) == 0) return std::atol(line.c_str() + 6);
    return 0;
}

}  // namespace vastuu_test
