// Team mode's session: sign-in state, the snapshot, the live stream and the command path
// (team_session.h). The queue and the rebase are engine/sync/client.cpp's; this file only moves
// events between the platform, that client and the App.
#include "team_session.h"

#include <cstdio>
#include <initializer_list>

#include <imgui.h>

#include "app.h"
#include "item_hooks.h"
#include "core/dates.h"
#include "core/i18n.h"
#include "sync/sync.h"

namespace vastuu::ui {

using nlohmann::json;

namespace {

std::string text_of(const json& j, const char* field) {
    auto it = j.find(field);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

int64_t integer_of(const json& j, const char* field) {
    auto it = j.find(field);
    return it != j.end() && it->is_number_integer() ? it->get<int64_t>() : 0;
}

// The server's error, in the user's language where we know the code (its own text otherwise).
Error auth_error_of(const json& event) {
    Error e{text_of(event, "code"), text_of(event, "message"), text_of(event, "field")};
    if (e.code.empty()) e.code = "auth.failed";
    const std::string key = "team.error." + e.code;
    if (tr_has(key.c_str())) e.message = tr(key.c_str());
    if (e.message.empty()) e.message = tr("team.error.auth.failed");
    return e;
}

// A refused command as the list names it: its label, and the name it gave or was about.
std::string refused_what(const json& command) {
    std::string what = command_label(text_of(command, "cmd"));  // "edit customer": a line of its own begins with a capital
    if (!what.empty() && what[0] >= 'a' && what[0] <= 'z') what[0] = static_cast<char>(what[0] - 'a' + 'A');
    std::string name = text_of(command, "name");
    if (name.empty()) name = text_of(command, "number");
    if (!name.empty()) what += " \xE2\x80\x94 " + name;
    return what;
}

}  // namespace

TeamSession::TeamSession(App& app, TeamTransport& transport)
    : app_(app), transport_(transport), client_(sync::apply_rows) {}

void TeamSession::handle_event(const json& event) {
    if (!event.is_object()) return;
    const std::string kind = text_of(event, "event");
    if (kind == "me") {
        invite_ = text_of(event, "invite");
        auto account = event.find("account");
        if (event.contains("stored")) stored_ = event["stored"];
        auto cached = event.find("cached");
        if (!invite_.empty()) {
            phase_ = TeamPhase::Invitation;
        } else if (account != event.end() && account->is_object() && cached != event.end() && cached->is_object()) {
            // The server cannot be reached: the data this browser last had, until the stream catches up.
            set_account(*account);
            open_snapshot(text_of(*cached, "path"), integer_of(*cached, "seq"));
            app_.show_message(tr_format("team.offline_start", {format_logged_time(text_of(*cached, "savedAt"))}));
        } else if (account != event.end() && account->is_object()) {
            signed_in(*account);
        } else {
            phase_ = TeamPhase::SignedOut;
            if (event.value("unreachable", false)) auth_error_ = Error{"network", tr("team.unreachable"), ""};
        }
    } else if (kind == "signed_in") {
        busy_ = false;
        auth_error_ = Error{};
        invite_.clear();
        if (event.contains("stored")) stored_ = event["stored"];
        auto account = event.find("account");
        signed_in(account != event.end() && account->is_object() ? *account : json::object());
    } else if (kind == "auth_error") {
        busy_ = false;
        auth_error_ = auth_error_of(event);
    } else if (kind == "signed_out") {
        transport_.request({{"do", "disconnect"}});
        app_.replace_engine(nullptr);
        client_.clear();
        refusals_.clear();
        stored_ = json();
        stored_signature_.clear();
        cached_seq_ = -1;
        snapshot_path_.clear();
        account_ = TeamAccount{};
        connected_ = connecting_ = resyncing_ = busy_ = false;
        phase_ = TeamPhase::SignedOut;
        if (text_of(event, "reason") == "session_ended") auth_error_ = Error{"auth.no_session", tr("team.session_ended"), ""};
    } else if (kind == "snapshot") {
        open_snapshot(text_of(event, "path"), integer_of(event, "seq"));
    } else if (kind == "snapshot_error") {
        Error e = auth_error_of(event);
        if (e.code == "auth.no_session") {
            handle_event({{"event", "signed_out"}, {"reason", "session_ended"}});
            return;
        }
        resyncing_ = false;
        app_.show_error(Error{e.code, tr_format("team.snapshot_failed", {e.message}), ""});
        if (phase_ == TeamPhase::Loading) {
            auth_error_ = app_.last_error();
            phase_ = TeamPhase::SignedOut;
        }
    } else if (kind == "connected") {
        connected_ = true;
        for (const json& m : client_.messages_after_connect()) send(m);
    } else if (kind == "disconnected") {
        connected_ = false;
    } else if (kind == "message") {
        on_message(text_of(event, "text"));
    } else if (kind == "password_changed") {
        busy_ = false;
        password_error_ = Error{};
        password_changed_ = true;
        app_.show_message(tr("team.password_changed"));
    } else if (kind == "invitation_created") {
        busy_ = false;
        invitation_error_ = Error{};
        invitation_link_ = text_of(event, "link");
    } else if (kind == "invitation_error") {
        busy_ = false;
        invitation_error_ = auth_error_of(event);
    } else if (kind == "password_error") {
        busy_ = false;
        password_error_ = auth_error_of(event);
    }
    app_.platform().request_redraw();
}

void TeamSession::signed_in(const json& account) {
    set_account(account);
    phase_ = TeamPhase::Loading;
    transport_.request({{"do", "load_snapshot"}});
}

void TeamSession::set_account(const json& account) {
    account_ = TeamAccount{};
    account_.id = integer_of(account, "id");
    account_.email = text_of(account, "email");
    account_.name = text_of(account, "name");
    account_.kind = text_of(account, "kind");
    account_.employee = EmployeeId(integer_of(account, "employee_id"));
}

void TeamSession::open_snapshot(const std::string& path, int64_t seq) {
    EngineOptions options = app_.engine_options();
    options.actor = display_name();
    auto opened = Engine::open(path, options);
    resyncing_ = false;
    if (!opened) {
        app_.show_error(opened.error());
        return;
    }
    std::unique_ptr<Engine> engine = std::move(opened.value());
    // The local cache holds only what the server lets this account see, so the local engine looks
    // as the administrator of that cache: the server did the filtering (and checks every command).
    if (!stored_.is_null()) {
        client_.restore(stored_);  // queued before a reload or a browser restart
        stored_ = json();
    }
    client_.snapshot_opened(*engine, seq);
    app_.replace_engine(std::move(engine));
    // The previous snapshot's file (in memory, never browser storage) is closed now: drop it.
    if (!snapshot_path_.empty() && snapshot_path_ != path)
        for (const char* suffix : {"", "-journal", "-wal", "-shm"}) std::remove((snapshot_path_ + suffix).c_str());
    snapshot_path_ = path;
    cached_seq_ = seq;  // the platform keeps a snapshot as it arrives
    phase_ = TeamPhase::Ready;
    store_pending();
    if (!connecting_) {
        connecting_ = true;
        transport_.request({{"do", "connect"}});
    }
}

void TeamSession::resync(const Error& why) {
    std::printf("vastuu: team mode: downloading the data again: %s\n", why.message.c_str());
    if (resyncing_) return;
    resyncing_ = true;
    // The stream starts again after the new snapshot's seq (hello since=seq on reconnecting).
    transport_.request({{"do", "disconnect"}});
    connected_ = connecting_ = false;
    transport_.request({{"do", "load_snapshot"}});
}

void TeamSession::on_message(const std::string& text) {
    json message = json::parse(text, nullptr, false);
    if (message.is_discarded()) return;
    // The server sends what one batch of commands produced as one array of messages, in order.
    if (message.is_array())
        for (const json& m : message) receive(m);
    else
        receive(message);
    // What the frame left, kept once for the whole of it: the queue in browser storage, and the
    // database when it is the server's state at a new seq (nothing pending), for a start without
    // the server.
    store_pending();
    if (!resyncing_ && app_.engine() && client_.pending().empty() && client_.seq() != cached_seq_) {
        cached_seq_ = client_.seq();
        transport_.request({{"do", "cache"}, {"path", snapshot_path_}, {"seq", cached_seq_}});
    }
}

void TeamSession::receive(const json& message) {
    if (!app_.engine() || resyncing_) return;
    sync::Received got = client_.receive(*app_.engine(), message);
    switch (got.kind) {
        case sync::Received::Kind::Nothing: break;
        case sync::Received::Kind::Applied: app_.note_rows_applied(); break;
        case sync::Received::Kind::Refused:
            app_.note_rows_applied();
            refusals_.push_back(TeamRefusal{refused_what(got.command), got.error, got.command_id});
            if (refusals_.size() > 200) refusals_.erase(refusals_.begin());
            app_.show_error(Error{got.error.code, tr_format("team.refused", {got.error.message}), got.error.field});
            break;
        case sync::Received::Kind::Resync: resync(got.error); break;
    }
}

void TeamSession::send(const json& message) {
    if (connected_) transport_.request({{"do", "send"}, {"text", message.dump()}});
}

Result<json> TeamSession::run_command(const json& command) {
    if (phase_ != TeamPhase::Ready || !app_.engine())
        return Error{"team.not_ready", tr("team.not_ready"), ""};
    auto result = client_.run(*app_.engine(), command, transport_.new_command_id());
    if (result) send(client_.command_message(client_.pending().back()));
    store_pending();
    return result;
}

void TeamSession::sign_in(const std::string& email, const std::string& password) {
    busy_ = true;
    auth_error_ = Error{};
    transport_.request({{"do", "sign_in"}, {"email", email}, {"password", password}});
}

void TeamSession::accept_invitation(const std::string& email, const std::string& password) {
    busy_ = true;
    auth_error_ = Error{};
    transport_.request({{"do", "accept_invitation"}, {"token", invite_}, {"email", email}, {"password", password}});
}

void TeamSession::sign_out() { transport_.request({{"do", "sign_out"}}); }

void TeamSession::change_password(const std::string& old_password, const std::string& new_password) {
    busy_ = true;
    password_error_ = Error{};
    password_changed_ = false;
    transport_.request({{"do", "change_password"}, {"old", old_password}, {"new", new_password}});
}

void TeamSession::create_invitation(EmployeeId employee, bool admin) {
    busy_ = true;
    forget_invitation();
    transport_.request({{"do", "create_invitation"}, {"employee_id", employee.value}, {"kind", admin ? "admin" : "employee"}});
}

void TeamSession::store_pending() {
    if (!account_.id) return;
    std::string signature;
    for (const sync::PendingCommand& p : client_.pending()) signature += p.command_id + ",";
    if (signature == stored_signature_) return;
    stored_signature_ = signature;
    transport_.request({{"do", "store_pending"}, {"account", account_.id}, {"pending", client_.stored()}});
}

bool TeamSession::undo_pending() const {
    for (const sync::PendingCommand& p : client_.pending()) {
        const std::string name = p.cmd.value("cmd", "");
        if (name == "undo" || name == "redo") return true;
    }
    return false;
}

const char* TeamSession::status_key() const {
    if (phase_ != TeamPhase::Ready || resyncing_) return "team.status.syncing";
    if (!connected_) return "team.status.offline";
    return client_.pending().empty() ? "team.status.online" : "team.status.syncing";
}

std::string TeamSession::display_name() const { return account_.name.empty() ? account_.email : account_.name; }

json TeamSession::stats() const {
    static const char* const phases[] = {"starting", "signedOut", "invitation", "loading", "ready"};
    std::string status = status_key();
    return json{{"phase", phases[static_cast<int>(phase_)]},
                {"status", status.substr(status.rfind('.') + 1)},
                {"connected", connected_},
                {"pending", client_.pending().size()},
                {"seq", client_.seq()},
                {"refused", [&] {
                     json list = json::array();
                     for (const TeamRefusal& r : refusals_)
                         list.push_back({{"what", r.what}, {"code", r.error.code}, {"message", r.error.message},
                                         {"field", r.error.field}, {"commandId", r.command_id}});
                     return list;
                 }()},
                {"account", {{"id", account_.id}, {"email", account_.email}, {"name", account_.name},
                             {"kind", account_.kind}, {"employeeId", account_.employee.value}}}};
}

bool may_run(App& app, const char* command) {
    TeamSession* team = app.team();
    if (!team) return true;
    const TeamAccount& a = team->account();
    return sync::may_run(sync::Account{team->display_name(), a.employee, a.kind == "admin"}, std::string(command));
}

bool is_administrator(App& app) { return !app.team() || app.team()->account().kind == "admin"; }

void explain_admin_only(bool allowed) {
    if (allowed || !ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) return;
    ImGui::SetTooltip("%s", tr("team.admin_only"));
    note_visible_text(tr("team.admin_only"));
}

}  // namespace vastuu::ui
