// Team mode in the App: the same app, served by vastuu-server, signs in, downloads the snapshot of
// what the account may see, follows the live stream and sends every command through the server
// (docs/team-protocol.md). The rebase itself is engine logic (engine/sync/client.h); this file holds
// the session's state for the UI (who is signed in, Online / Offline / Syncing) and talks to the
// platform through TeamTransport. Served as static files, the app has no TeamSession at all.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/engine.h"
#include "sync/client.h"
#include "sync/sync.h"

namespace vastuu::ui {

class App;

// What the platform does for team mode (web/team_web.cpp and web/team.js in the browser; a fake in
// tests/ui/). Requests go out as JSON objects; the answers come back later, asynchronously, as
// TeamSession::handle_event() calls. Requests ({"do": ...}) and the events that answer them:
//   {"do":"sign_in", email, password}                 -> signed_in {account} | auth_error {code, message}
//   {"do":"accept_invitation", token, email, password} -> the same
//   {"do":"sign_out"}                                  -> signed_out
//   {"do":"change_password", old, new}                 -> password_changed | password_error {code, message}
//   {"do":"create_invitation", employee_id, kind}     -> invitation_created {link} | invitation_error {code, message}
//   {"do":"load_snapshot"}                             -> snapshot {path, seq} | snapshot_error {code, message}
//   {"do":"connect"} opens the live stream and keeps it open (reconnecting with backoff)
//                                                      -> connected, message {text}, disconnected
//   {"do":"disconnect"} closes it for good (sign-out)
//   {"do":"send", text}: one message on the live stream (dropped while offline: the session resends)
//   {"do":"store_pending", account, pending}: keep the account's queue in browser storage (it comes
//                                  back as `stored` in the next "me" or "signed_in" of that account)
//   {"do":"cache", path, seq}: the database at `path` is the server's state at `seq` (nothing
//                                  pending): keep it for a start without the server
// At start-up the platform reports {"event":"me", account | null, invite: token | "", stored,
// unreachable: the server did not answer, cached: {path, seq, savedAt (ISO time)} | absent}: with
// `cached`, the server could not be reached and `path` holds the data it last had for `account`.
class TeamTransport {
public:
    virtual ~TeamTransport() = default;
    virtual void request(const nlohmann::json& request) = 0;
    // A new command id (a UUID); the browser's comes from crypto.randomUUID().
    virtual std::string new_command_id() = 0;
};

// The account signed in (GET /api/me, sign-in, accepting an invitation).
struct TeamAccount {
    int64_t id = 0;
    std::string email;
    std::string name;           // the employee's name, or "" for an administrator without one
    std::string kind;           // "admin" | "employee"
    EmployeeId employee;        // 0 for an administrator without an employee row
};

// A change the server refused (its local effect is taken back): what it was and why.
struct TeamRefusal {
    std::string what;        // the command's label, with the name it was about ("Edit customer — Äijälä Oy")
    Error error;             // the server's reason, in the user's language where we know the code
    std::string command_id;  // the command's id (the server's sync log knows it by that)
};

enum class TeamPhase {
    Starting,      // waiting for the platform's "me"
    SignedOut,     // the sign-in screen
    Invitation,    // the accept-invitation screen (#/invite/TOKEN)
    Loading,       // signed in, the snapshot is downloading
    Ready,         // the local database is open; see connected()
};

// The sign-in screens' and the account menu's UI state (ui/view_sign_in.cpp, ui/signed_in_as.cpp).
struct TeamScreens {
    char email[256] = "";
    char password[256] = "";
    char password_again[256] = "";  // the invitation's and the new password's confirmation
    char old_password[256] = "";
    Error local_error;              // checked here before asking the server (passwords differ)
    bool focus_pending = true;      // put the cursor in the first field on the next frame
    bool open_password_dialog = false;
    bool open_invite_dialog = false;
    bool open_refused_dialog = false;
    EmployeeId invite_employee;     // the invitation dialog's choice (0: none)
    bool invite_admin = false;
    char invite_search[64] = "";
    std::vector<Employee> invite_employees;
};

class TeamSession {
public:
    TeamSession(App& app, TeamTransport& transport);

    // A platform event (see TeamTransport). Unknown events are ignored.
    void handle_event(const nlohmann::json& event);

    // The App's command path in team mode: run locally as a pending step and send it.
    Result<nlohmann::json> run_command(const nlohmann::json& command);

    // The screens (ui/view_sign_in.cpp) ask for these.
    void sign_in(const std::string& email, const std::string& password);
    void accept_invitation(const std::string& email, const std::string& password);
    void sign_out();
    void change_password(const std::string& old_password, const std::string& new_password);

    TeamPhase phase() const { return phase_; }
    bool connected() const { return connected_; }
    bool busy() const { return busy_; }  // a sign-in or password request is on its way
    const TeamAccount& account() const { return account_; }
    const std::string& invite_token() const { return invite_; }
    const Error& auth_error() const { return auth_error_; }        // the sign-in screen's error
    const Error& password_error() const { return password_error_; }
    bool password_changed() const { return password_changed_; }    // since the last change_password()
    void forget_password_result() { password_changed_ = false; password_error_ = Error{}; }
    // Administrators: a one-time link for `employee` (0 with `admin`: an administrator without one).
    void create_invitation(EmployeeId employee, bool admin);
    const std::string& invitation_link() const { return invitation_link_; }
    const Error& invitation_error() const { return invitation_error_; }
    void forget_invitation() { invitation_link_.clear(); invitation_error_ = Error{}; }
    size_t pending_count() const { return client_.pending().size(); }
    // Undo per person (the server's undo_state message): offered while online and no undo or redo
    // of this user is still on its way.
    const sync::UndoState& undo_state() const { return client_.undo_state(); }
    bool can_undo() const { return connected_ && undo_state().can_undo && !undo_pending(); }
    bool can_redo() const { return connected_ && undo_state().can_redo && !undo_pending(); }
    // The server's refusals since sign-in, newest last (at most 200): the status line's "N refused"
    // opens their list (ui/dialog_refused.cpp), which can clear it.
    const std::vector<TeamRefusal>& refusals() const { return refusals_; }
    void clear_refusals() { refusals_.clear(); }
    int64_t seq() const { return client_.seq(); }

    // The status line's word: "online", "offline" or "syncing" (the strings team.status.*).
    const char* status_key() const;
    // The account's display name: the employee's name, else the e-mail.
    std::string display_name() const;
    nlohmann::json stats() const;

    TeamScreens screens;  // UI state only (the views' habit: the session itself never reads it)

private:
    void signed_in(const nlohmann::json& account);
    void set_account(const nlohmann::json& account);
    void open_snapshot(const std::string& path, int64_t seq);
    void on_message(const std::string& text);     // one frame: a message, or a batch's array of them
    void receive(const nlohmann::json& message);  // one protocol message
    void send(const nlohmann::json& message);
    void resync(const Error& why);
    bool undo_pending() const;
    void store_pending();  // the queue to browser storage, when it changed

    App& app_;
    TeamTransport& transport_;
    sync::SyncClient client_;
    TeamPhase phase_ = TeamPhase::Starting;
    bool connected_ = false;
    bool connecting_ = false;  // the live stream was asked for (it reconnects by itself)
    bool busy_ = false;
    bool resyncing_ = false;   // a snapshot download is under way while Ready
    TeamAccount account_;
    std::string invite_;
    Error auth_error_;
    Error password_error_;
    bool password_changed_ = false;
    std::string invitation_link_;
    Error invitation_error_;
    std::string snapshot_path_;  // the open snapshot's file
    int64_t cached_seq_ = -1;    // the seq the platform last kept for a start without the server
    nlohmann::json stored_;          // the queue browser storage held at sign-in, until the snapshot opens
    std::string stored_signature_;   // the command ids last written to browser storage
    std::vector<TeamRefusal> refusals_;
};

// Whether the signed-in user may run `command` (a command name): the engine's rule (sync::may_run,
// the registry's CommandAccess), so the UI offers only what the server accepts. Served as static
// files the user is the administrator of their own data: always true.
bool may_run(App& app, const char* command);
// Whether the signed-in user is an administrator (static files: always; team mode: an admin account).
bool is_administrator(App& app);
// After an item drawn disabled because the user may not run its command: on hover, a tooltip saying
// that only an administrator can (also noted as visible text for tests).
void explain_admin_only(bool allowed);

// Draws the whole frame while team mode has no database to show: the sign-in screen, the
// accept-invitation screen or the loading note (ui/view_sign_in.cpp). False once it is Ready.
bool draw_team_screen(App& app, TeamSession& team);

// The account menu in place of the "Signed in as" selector (ui/signed_in_as.cpp): the signed-in
// account, which cannot be switched, with Change password and Sign out.
void draw_team_account(App& app, TeamSession& team, float width);
// The administrator's invitation dialog (ui/dialog_invite.cpp), opened from the account menu.
void draw_invite_dialog(App& app, TeamSession& team);
// The list of refused changes (ui/dialog_refused.cpp), opened from the status line.
void draw_refused_dialog(App& app, TeamSession& team);

}  // namespace vastuu::ui
