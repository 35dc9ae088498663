// The browser's side of team mode, as pure engine logic: commands run locally at once as pending
// steps, and the server's answers (docs/team-protocol.md) are folded in by rebasing: take the pending
// steps back (the engine's own undo of captured rows), apply the server's committed rows, run the
// still-pending commands again on top. No sockets and no UI here: web/ moves the messages, ui/ shows
// the state, and the native tests drive this class with hand-made server messages.
#pragma once
#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/engine.h"
#include "core/result.h"
#include "sync/sync.h"

namespace vastuu::sync {

// One command run locally and sent to the server, not yet settled by the server's rows.
struct PendingCommand {
    std::string command_id;         // UUID, chosen by the client; the server answers a resend once
    nlohmann::json cmd;             // the engine command ({"cmd": "customer.create", ...})
    int64_t base_seq = 0;           // the server seq the local database reflected when it ran
    bool applied_locally = false;   // its local run changed rows (one undo step to take back)
    int64_t acked_seq = 0;          // 0: no ack yet; else accepted as this seq, its change still to come
};

// What a server message did to the local database, for the UI to show.
struct Received {
    enum class Kind {
        Nothing,   // a duplicate, an ack, a message of no consequence
        Applied,   // a change was applied (the views must refresh)
        Refused,   // the server refused one of ours: its local effect is taken back; `error` says why
        Resync,    // the local cache cannot follow (a gap, `resync`, a failed rebase): download a snapshot
    };
    Kind kind = Kind::Nothing;
    Error error;              // Refused: the server's error; Resync: why
    std::string command_id;   // Refused: which command
    nlohmann::json command;   // Refused: the command itself
};

// Writes the server's row images ([{table, key, row | null}]) into the local database, outside the
// command machinery (no change log, no undo step): sync::apply_rows (sync.h) in the app and the
// tests; injected so that a test can make it fail.
using ApplyRows = std::function<Status(Engine& engine, const nlohmann::json& rows)>;

// A refusal that names who changed what and when (sync.conflict, undo.changed_since): its message
// again in this user's language, from the error's detail ({who, at}); the time as the cards show it.
// The server's full disk ("server.disk_full") likewise.
void localize_refusal(Error& error);

class SyncClient {
public:
    explicit SyncClient(ApplyRows apply_rows);

    // The last server seq the local database reflects (the snapshot's, then each change's).
    int64_t seq() const { return seq_; }
    const std::deque<PendingCommand>& pending() const { return pending_; }
    // This account's undo and redo as the server's last undo_state message said.
    const UndoState& undo_state() const { return undo_state_; }

    // A snapshot at `snapshot_seq` was opened as `engine` (sign-in, resync, reload): commands the
    // server accepted up to that seq are dropped, the others run again on the new database.
    void snapshot_opened(Engine& engine, int64_t snapshot_seq);

    // Runs `cmd` locally at once and queues it as pending with `command_id`. A command the local
    // engine refuses is not queued (the server would refuse it the same way). undo and redo are
    // queued without running here: undo per person is the server's (sync::execute). A matrix click
    // (responsibility.toggle) is queued as the state it made (responsibility.set_many), so that it
    // is set-like on the server.
    Result<nlohmann::json> run(Engine& engine, const nlohmann::json& cmd, const std::string& command_id);

    // The live-stream messages: `hello` after (re)connecting, then every pending command in order
    // (a resend of one the server already has is answered once and applied no second time).
    nlohmann::json hello() const;
    nlohmann::json command_message(const PendingCommand& p) const;
    std::vector<nlohmann::json> messages_after_connect() const;

    // Folds one server message (change, ack, refused, resync, undo_state) into the local database.
    Received receive(Engine& engine, const nlohmann::json& message);

    // Forgets everything (sign-out).
    void clear();

    // The queue as browser storage keeps it ([{command_id, cmd, base_seq}]), and back: restore()
    // appends the stored commands not already queued, to run again by the next snapshot_opened()
    // (a reload or a browser restart loses no queued change; a resend of one the server already
    // has is answered once). Malformed entries are skipped.
    nlohmann::json stored() const;
    void restore(const nlohmann::json& stored);

private:
    // Takes back the locally applied pending steps (newest first), runs `between`, then runs the
    // still-pending commands again. A failure leaves the cache unknown: the caller resyncs.
    Status rebase(Engine& engine, const std::function<Status()>& between);
    Status drop_pending(Engine& engine, const std::string& command_id);
    void run_pending_again(Engine& engine);
    PendingCommand* find(const std::string& command_id);

    ApplyRows apply_rows_;
    int64_t seq_ = 0;
    int64_t server_log_ = 0;  // the newest change-log entry that came from the server
    std::deque<PendingCommand> pending_;
    UndoState undo_state_;
};

}  // namespace vastuu::sync
