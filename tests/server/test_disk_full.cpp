// The team server on a full disk: a real tmpfs (mounted by the test; skipped with a message when it
// cannot mount, i.e. not root) as the data folder, filled with a filler file.
// - The real vastuu-server on 127.0.0.1: a command and a batch are refused as server.disk_full and
//   nothing of them is written; /api/me, the snapshot and a new live stream still work; sign-in works
//   (the session kept in memory, written once there is room); accepting an invitation is 507
//   server.disk_full; a sign-out holds although its row cannot be deleted; after the filler is
//   deleted, the same process accepts writes again, and the database checks.
// - In process (team.h): a batch in which SQLite rolls the whole transaction back by itself (a
//   command's pages spill to a full disk) fails as a whole: no command after it commits on its own;
//   and a server started on a full disk says so.
#include <doctest/doctest.h>

#include <fcntl.h>
#include <sys/mount.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <sqlite3.h>

#include "core/engine.h"
#include "live_client.h"
#include "team_in_process.h"

using namespace vastuu_test;
using nlohmann::json;

namespace {

// A tmpfs of `megabytes` at a fresh folder; `why` says why not when it cannot be mounted.
struct SmallDisk {
    std::string path, why;
    bool mounted = false;
    explicit SmallDisk(int megabytes) {
        char tmpl[] = "/tmp/vastuu-disk-full-XXXXXX";
        path = mkdtemp(tmpl);
        const std::string size = "size=" + std::to_string(megabytes) + "m";
        if (mount("tmpfs", path.c_str(), "tmpfs", 0, size.c_str()) == 0) mounted = true;
        else why = std::string("mounting a tmpfs needs root (uid ") + std::to_string(getuid()) + "): " + std::strerror(errno);
    }
    ~SmallDisk() {
        if (mounted) umount2(path.c_str(), MNT_DETACH);
        std::error_code ec;
        std::filesystem::remove_all(path, ec);
    }
    long long free_bytes() const {
        struct statvfs s {};
        statvfs(path.c_str(), &s);
        return static_cast<long long>(s.f_bavail) * static_cast<long long>(s.f_frsize);
    }
    // A filler that takes all but `leave` bytes of the free space.
    void fill(long long leave = 0) {
        const int fd = open((path + "/filler").c_str(), O_CREAT | O_WRONLY, 0600);
        REQUIRE(fd >= 0);
        const long long size = free_bytes() - leave;
        REQUIRE(size > 0);
        REQUIRE(posix_fallocate(fd, 0, size) == 0);
        close(fd);
    }
    void unfill() { std::filesystem::remove(path + "/filler"); }
};

// One number from a database file (the server's, also while it runs: WAL lets it read).
int64_t count_of(const std::string& db_path, const std::string& sql) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    INFO(sql, ": ", sqlite3_errmsg(db));
    REQUIRE(sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK);
    const int64_t n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_finalize(st);
    sqlite3_close(db);
    return n;
}

json command(const std::string& id, int64_t base, const json& cmd) {
    return {{"type", "command"}, {"command_id", id}, {"base_seq", base}, {"cmd", cmd}};
}

}  // namespace

TEST_CASE("team server on a full disk: writes refused as server.disk_full, nothing half-written, reads go on, writes again once freed") {
    SmallDisk disk(16);
    if (!disk.mounted) {
        MESSAGE("skipped: " << disk.why);
        return;
    }
    const std::string data = disk.path + "/data", db = data + "/vastuu.sqlite";
    ServerProcess server(server_binary(), data, {"--empty"});
    REQUIRE(server.start());
    const int port = server.port();
    auto accepted = post_json(port, "/api/accept-invitation",
                              {{"token", server.first_invitation()}, {"email", "levy@firma.fi"}, {"password", "täysi levy 1234"}});
    REQUIRE(accepted.status == 200);
    const std::string admin = accepted.cookie();
    auto second = post_json(port, "/api/sign-in", {{"email", "levy@firma.fi"}, {"password", "täysi levy 1234"}});
    REQUIRE(second.status == 200);
    const std::string other_session = second.cookie();
    auto invited = post_json(port, "/api/invitations", {{"employee_id", 0}, {"kind", "admin"}}, admin);
    REQUIRE(invited.status == 200);

    Loop loop;
    Live live(loop, port, admin);
    REQUIRE(live.open());
    live.send({{"type", "hello"}, {"since", 0}});
    REQUIRE(live.next_of("undo_state", 5000));
    live.send(command("ennen", 0, {{"cmd", "customer.create"}, {"name", "Ennen Oy"}}));
    auto ack = live.next_of("ack", 5000);
    REQUIRE(ack);
    const int64_t customer = (*ack)["result"]["id"].get<int64_t>();
    const int64_t seq = (*ack)["seq"].get<int64_t>();

    disk.fill();
    CHECK(disk.free_bytes() < 4096);

    // A command and a batch (a create and a rename in one transaction): refused, saying why.
    live.send(command("täysi-1", seq, {{"cmd", "customer.create"}, {"name", "Täysi Oy"}}));
    live.send(command("täysi-2", seq, {{"cmd", "batch"}, {"commands", {{{"cmd", "customer.create"}, {"name", "Puolikas Oy"}},
                                                                       {{"cmd", "customer.update"}, {"id", customer}, {"name", "Puolikas nimi Oy"}}}}}));
    for (const char* id : {"täysi-1", "täysi-2"}) {
        auto refused = live.next_of("refused", 5000);
        REQUIRE(refused);
        INFO(refused->dump());
        CHECK((*refused)["command_id"] == id);
        CHECK((*refused)["error"]["code"] == "server.disk_full");
        CHECK((*refused)["error"]["message"] == "The server's disk is full: the change was not saved.");
    }
    // Reads need no space.
    auto me = get(port, "/api/me", admin);
    CHECK(me.status == 200);
    CHECK(me.json()["seq"] == seq);
    auto snap = get(port, "/api/snapshot", admin);
    CHECK(snap.status == 200);
    CHECK(snap.body.size() > 0);
    Live reader(loop, port, other_session);
    REQUIRE(reader.open());
    reader.send({{"type", "hello"}, {"since", 0}});
    auto replayed = reader.next_of("change", 5000);
    REQUIRE(replayed);
    CHECK((*replayed)["command_id"] == "ennen");
    // Sign-in works: the session is kept in memory until its row can be written.
    auto sign_in = post_json(port, "/api/sign-in", {{"email", "levy@firma.fi"}, {"password", "täysi levy 1234"}});
    REQUIRE(sign_in.status == 200);
    const std::string full_session = sign_in.cookie();
    CHECK(get(port, "/api/me", full_session).status == 200);
    Live late(loop, port, full_session);
    REQUIRE(late.open());
    late.send({{"type", "hello"}, {"since", 0}});
    REQUIRE(late.next_of("undo_state", 5000));
    // Accepting an invitation creates an account: refused with the reason.
    auto joined = post_json(port, "/api/accept-invitation",
                            {{"token", invited.json()["token"]}, {"email", "uusi@firma.fi"}, {"password", "uusi salasana 99"}});
    CHECK(joined.status == 507);
    CHECK(joined.json()["code"] == "server.disk_full");
    CHECK(joined.json()["message"] == "The server's disk is full: the account cannot be created until space is freed on the server.");
    // A sign-out holds although the session's row cannot be deleted yet.
    CHECK(post_json(port, "/api/sign-out", json::object(), other_session).status == 200);
    CHECK(get(port, "/api/me", other_session).status == 401);
    // An invitation is a write too.
    auto invitation = post_json(port, "/api/invitations", {{"employee_id", 0}, {"kind", "admin"}}, admin);
    CHECK(invitation.status == 507);
    CHECK(invitation.json()["code"] == "server.disk_full");
    // Nothing of the refused commands is in the database.
    CHECK(count_of(db, "SELECT count(*) FROM customer") == 1);
    CHECK(count_of(db, "SELECT count(*) FROM customer WHERE name = 'Ennen Oy'") == 1);
    CHECK(count_of(db, "SELECT count(*) FROM sync_log") == 1);

    // Space freed: the same process writes again; the socket that was refused goes on.
    disk.unfill();
    live.send(command("taas-1", seq, {{"cmd", "customer.create"}, {"name", "Täysi Oy"}}));
    auto again = live.next_of("ack", 5000);
    REQUIRE(again);
    CHECK((*again)["command_id"] == "taas-1");
    CHECK((*again)["seq"] == seq + 1);
    CHECK(get(port, "/api/me", other_session).status == 401);
    CHECK(get(port, "/api/me", full_session).status == 200);
    live.close();
    reader.close();
    late.close();
    server.stop();
    // Once there was room, the ended session's row went and the kept one's was written: after a
    // restart the first stays ended and the second still works.
    CHECK(count_of(data + "/accounts.sqlite", "SELECT count(*) FROM session") == 2);
    CHECK(vastuu::Engine::check_file(db).ok());
    CHECK(count_of(db, "SELECT count(*) FROM customer WHERE name IN ('Täysi Oy', 'Puolikas Oy', 'Puolikas nimi Oy')") == 1);
    CHECK(count_of(db, "SELECT count(*) FROM sync_log") == 2);
    ServerProcess restarted(server_binary(), data, {"--empty"});
    REQUIRE(restarted.start());
    CHECK(get(restarted.port(), "/api/me", other_session).status == 401);
    CHECK(get(restarted.port(), "/api/me", admin).status == 200);
    CHECK(get(restarted.port(), "/api/me", full_session).status == 200);
    restarted.stop();
}

TEST_CASE("team: a batch that SQLite rolls back by itself on a full disk fails whole; no later command commits alone") {
    SmallDisk disk(16);
    if (!disk.mounted) {
        MESSAGE("skipped: " << disk.why);
        return;
    }
    InProcessTeam in_process(disk.path);
    vastuu::server::Team& team = *in_process.team;
    auto& deferred = in_process.deferred;
    const vastuu::server::ServeOptions& options = in_process.options;
    std::string first_link;
    // A small page cache: the big command's pages spill to the WAL before its commit.
    REQUIRE(sqlite3_exec(team.engine().handle(), "PRAGMA cache_size = 20", nullptr, nullptr, nullptr) == SQLITE_OK);
    vastuu::server::Account anna{1, "anna@example.fi", "Anna Ääri", 0, true, false};
    auto socket = std::make_shared<RecordingSocket>();
    const int64_t w = team.attach(socket, anna, "");
    team.on_message(w, R"({"type":"hello","since":0})");
    socket->messages.clear();
    const int64_t customers_before = count_of(disk.path + "/vastuu.sqlite", "SELECT count(*) FROM customer");

    json big = json::array();
    for (int i = 0; i < 400; ++i) big.push_back({{"cmd", "customer.create"}, {"name", "Iso erä " + std::to_string(i) + " Öljy Oy"}});
    auto send_three = [&](const std::string& tag) {
        team.on_message(w, command(tag + "-pieni-1", 0, {{"cmd", "customer.create"}, {"name", "Pieni " + tag + " 1 Oy"}}).dump());
        team.on_message(w, command(tag + "-iso", 0, {{"cmd", "batch"}, {"commands", big}}).dump());
        team.on_message(w, command(tag + "-pieni-2", 0, {{"cmd", "customer.create"}, {"name", "Pieni " + tag + " 2 Oy"}}).dump());
        REQUIRE(deferred.size() == 1);  // one batch for the three
        auto run = std::move(deferred.front());
        deferred.clear();
        run();
    };
    // Room for the small commands, not for the big one.
    disk.fill(256 * 1024);
    send_three("täysi");
    int refused = 0, acked = 0;
    for (const json& m : socket->messages) {
        if (m["type"] == "ack") ++acked;
        if (m["type"] != "refused") continue;
        ++refused;
        CHECK(m["error"]["code"] == "server.disk_full");
    }
    CHECK(acked == 0);
    CHECK(refused == 3);
    CHECK(sqlite3_get_autocommit(team.engine().handle()));
    CHECK(count_of(disk.path + "/vastuu.sqlite", "SELECT count(*) FROM customer") == customers_before);
    CHECK(count_of(disk.path + "/vastuu.sqlite", "SELECT count(*) FROM sync_log") == 0);

    // Space freed: the same three in one batch are all accepted.
    disk.unfill();
    socket->messages.clear();
    send_three("vapaa");
    acked = refused = 0;
    for (const json& m : socket->messages) {
        if (m["type"] == "ack") ++acked;
        if (m["type"] == "refused") ++refused;
    }
    CHECK(acked == 3);
    CHECK(refused == 0);
    CHECK(count_of(disk.path + "/vastuu.sqlite", "SELECT count(*) FROM customer") == customers_before + 402);
    team.detach(w);
    in_process.team.reset();

    // Starting on a full disk (the clean close removed the -wal and -shm files, which opening
    // creates again): the server says the disk is full, not "disk I/O error".
    disk.fill();
    auto refused_start = vastuu::server::Team::open(options, first_link);
    REQUIRE_FALSE(refused_start.ok());
    INFO(refused_start.error().message, " / ", refused_start.error().detail);
    CHECK(refused_start.error().code == "server.disk_full");
    CHECK(refused_start.error().message.find("The disk of " + disk.path + " is full") == 0);
    CHECK_FALSE(refused_start.error().detail.empty());
    disk.unfill();
    auto started = vastuu::server::Team::open(options, first_link);
    REQUIRE(started.ok());
    CHECK(count_of(disk.path + "/vastuu.sqlite", "SELECT count(*) FROM customer") == customers_before + 402);
}
