// The pending queue and the rebase of the browser's team mode (client.h states the contract; the
// messages are docs/team-protocol.md's).
//
// Why undo and run again, not "apply the server's rows over ours": the server may give a created
// row another id than the local run did (the local cache holds only what this user may see), and a
// command may have been refused; taking our own steps back first leaves exactly the server's state,
// and running the pending commands again shows the user's intent on top of it.
#include "client.h"

#include <algorithm>

#include "core/dates.h"
#include "core/i18n.h"
#include "core/sql.h"

namespace vastuu::sync {

using nlohmann::json;

namespace {

// The newest change-log entry. Local runs and the rebase's own undo steps write entries too; only
// the server's belong in the cache's history (the cards show it), so the rebase drops the others.
int64_t newest_log_entry(Engine& engine) {
    Stmt st(engine.handle(), "SELECT coalesce(max(id), 0) FROM change_log");
    return st.row() ? st.int64(0) : 0;
}

}  // namespace

// The team rules' refusals name who changed what and when: said again in this user's language (the
// server wrote its own).
void localize_refusal(Error& error) {
    if (error.code == "server.disk_full") {
        error.message = tr("error.server.disk_full");
        return;
    }
    if (error.code != "sync.conflict" && error.code != "undo.changed_since") return;
    json detail = json::parse(error.detail, nullptr, false);
    if (!detail.is_object() || !detail.contains("who") || !detail["who"].is_string() || !detail.contains("at") ||
        !detail["at"].is_string())
        return;
    const std::string who = detail["who"].get<std::string>(), at = format_logged_time(detail["at"].get<std::string>());
    const char* key = error.code == "sync.conflict" ? "error.sync.conflict"
                      : detail.value("undo", true) ? "error.undo.changed_since" : "error.redo.changed_since";
    error.message = tr_format(key, {who, at});
}

SyncClient::SyncClient(ApplyRows apply_rows) : apply_rows_(std::move(apply_rows)) {}

void SyncClient::clear() {
    seq_ = 0;
    pending_.clear();
    undo_state_ = UndoState{};
}

json SyncClient::stored() const {
    json out = json::array();
    for (const PendingCommand& p : pending_)
        out.push_back({{"command_id", p.command_id}, {"cmd", p.cmd}, {"base_seq", p.base_seq}});
    return out;
}

void SyncClient::restore(const json& stored) {
    if (!stored.is_array()) return;
    for (const json& s : stored) {
        if (!s.is_object() || !s.contains("command_id") || !s["command_id"].is_string() || !s.contains("cmd") ||
            !s["cmd"].is_object())
            continue;
        const std::string id = s["command_id"].get<std::string>();
        if (id.empty() || find(id)) continue;
        PendingCommand p;
        p.command_id = id;
        p.cmd = s["cmd"];
        p.base_seq = s.contains("base_seq") && s["base_seq"].is_number_integer() ? s["base_seq"].get<int64_t>() : 0;
        pending_.push_back(std::move(p));
    }
}

PendingCommand* SyncClient::find(const std::string& command_id) {
    for (PendingCommand& p : pending_)
        if (p.command_id == command_id) return &p;
    return nullptr;
}

void SyncClient::snapshot_opened(Engine& engine, int64_t snapshot_seq) {
    seq_ = snapshot_seq;
    server_log_ = newest_log_entry(engine);
    pending_.erase(std::remove_if(pending_.begin(), pending_.end(),
                                  [&](const PendingCommand& p) { return p.acked_seq && p.acked_seq <= seq_; }),
                   pending_.end());
    run_pending_again(engine);
}

Result<json> SyncClient::run(Engine& engine, const json& cmd, const std::string& command_id) {
    const std::string name = cmd.is_object() && cmd.contains("cmd") && cmd["cmd"].is_string()
                                 ? cmd["cmd"].get<std::string>() : std::string();
    if (name == "undo" || name == "redo") {
        // Undo per person is the server's (it knows whose step is whose): queued, not run here; the
        // server's rows show the result.
        PendingCommand p;
        p.command_id = command_id;
        p.cmd = json{{"cmd", name}};
        p.base_seq = seq_;
        pending_.push_back(std::move(p));
        return json{{"ok", true}, {"queued", true}};
    }
    const uint64_t before = engine.revision();
    auto result = engine.execute(cmd);
    if (!result) return result;
    PendingCommand p;
    p.command_id = command_id;
    p.cmd = cmd;
    if (name == "responsibility.toggle" && result->contains("responsible") && (*result)["responsible"].is_boolean()) {
        // Set-like on the server: what the user asked for is the state the click made, not "flip
        // whatever is there" (two people adding the same person end with one responsibility).
        json set{{"cmd", "responsibility.set_many"}, {"responsible", (*result)["responsible"]},
                 {"employee_ids", json::array({cmd.value("employee_id", json())})}};
        if (cmd.contains("customer_id") && cmd["customer_id"].is_number_integer() && cmd["customer_id"] != 0)
            set["customer_ids"] = json::array({cmd["customer_id"]});
        else set["project_ids"] = json::array({cmd.value("project_id", json())});
        p.cmd = std::move(set);
    }
    p.base_seq = seq_;
    p.applied_locally = engine.revision() != before;  // a command that changed nothing has no undo step
    pending_.push_back(std::move(p));
    return result;
}

json SyncClient::hello() const { return json{{"type", "hello"}, {"since", seq_}}; }

json SyncClient::command_message(const PendingCommand& p) const {
    return json{{"type", "command"}, {"command_id", p.command_id}, {"base_seq", p.base_seq}, {"cmd", p.cmd}};
}

std::vector<json> SyncClient::messages_after_connect() const {
    std::vector<json> out{hello()};
    for (const PendingCommand& p : pending_)
        if (!p.acked_seq) out.push_back(command_message(p));
    return out;
}

// Takes one pending command out, its local effect with it (an ack whose change already came, or a
// refusal): the other pending commands are re-run on top.
Status SyncClient::drop_pending(Engine& engine, const std::string& command_id) {
    return rebase(engine, [&]() -> Status {
        pending_.erase(std::remove_if(pending_.begin(), pending_.end(),
                                      [&](const PendingCommand& q) { return q.command_id == command_id; }),
                       pending_.end());
        return {};
    });
}

Status SyncClient::rebase(Engine& engine, const std::function<Status()>& between) {
    for (auto it = pending_.rbegin(); it != pending_.rend(); ++it) {
        if (!it->applied_locally) continue;
        auto undone = engine.execute(json{{"cmd", "undo"}});
        if (!undone) return undone.error();
        it->applied_locally = false;
    }
    // What is left above the server's history is local: the pending runs and these undo steps.
    Stmt drop(engine.handle(), "DELETE FROM change_log WHERE id > ?1");
    drop.bind(1, server_log_);
    if (!drop.done()) return sqlite_failure(engine.handle(), "dropping local change-log entries");
    VASTUU_TRY(between());
    server_log_ = newest_log_entry(engine);
    run_pending_again(engine);
    return {};
}

void SyncClient::run_pending_again(Engine& engine) {
    for (PendingCommand& p : pending_) {
        const uint64_t before = engine.revision();
        // A command the new state no longer allows stays pending without a local effect: the
        // server has the last word and will answer it (most likely with the same refusal).
        auto result = engine.execute(p.cmd);
        p.applied_locally = result.ok() && engine.revision() != before;
    }
}

Received SyncClient::receive(Engine& engine, const json& message) {
    Received out;
    if (!message.is_object() || !message.contains("type") || !message["type"].is_string()) return out;
    const std::string& type = message["type"].get_ref<const std::string&>();
    auto text = [&](const char* field) {
        auto it = message.find(field);
        return it != message.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    auto integer = [&](const char* field) {
        auto it = message.find(field);
        return it != message.end() && it->is_number_integer() ? it->get<int64_t>() : int64_t(0);
    };

    if (type == "change") {
        const int64_t seq = integer("seq");
        if (seq <= seq_) return out;  // already applied (a replay after reconnecting)
        if (seq != seq_ + 1) {
            out.kind = Received::Kind::Resync;
            out.error = Error{"team.gap", tr_format("error.team.gap", {std::to_string(seq_), std::to_string(seq)}), ""};
            return out;
        }
        const std::string command_id = text("command_id");
        static const json kNoRows = json::array();
        auto rows_it = message.find("rows");
        const json& rows = rows_it != message.end() && rows_it->is_array() ? *rows_it : kNoRows;
        auto apply = [&]() -> Status {
            if (!rows.empty()) VASTUU_TRY(apply_rows_(engine, rows));
            seq_ = seq;
            // Ours, now part of the server's rows: no longer pending (its ack may come before or after).
            pending_.erase(std::remove_if(pending_.begin(), pending_.end(),
                                          [&](const PendingCommand& p) {
                                              return (!command_id.empty() && p.command_id == command_id) ||
                                                     (p.acked_seq && p.acked_seq <= seq);
                                          }),
                           pending_.end());
            return {};
        };
        Status s = pending_.empty() ? apply() : rebase(engine, apply);
        if (s.ok() && pending_.empty()) server_log_ = newest_log_entry(engine);
        if (!s) {
            out.kind = Received::Kind::Resync;
            out.error = s.error();
            return out;
        }
        out.kind = Received::Kind::Applied;
        return out;
    }
    if (type == "ack") {
        PendingCommand* p = find(text("command_id"));
        if (!p) return out;  // its change came first and settled it
        p->acked_seq = integer("seq");
        if (p->acked_seq && p->acked_seq <= seq_) {
            // The change of that seq was already applied without naming the command: settled.
            const std::string id = p->command_id;
            Status s = drop_pending(engine, id);
            if (!s) {
                out.kind = Received::Kind::Resync;
                out.error = s.error();
                return out;
            }
            out.kind = Received::Kind::Applied;
        }
        return out;
    }
    if (type == "refused") {
        const std::string id = text("command_id");
        PendingCommand* p = find(id);
        if (!p) return out;
        out.command = p->cmd;
        out.command_id = id;
        const json* error = message.contains("error") && message["error"].is_object() ? &message["error"] : nullptr;
        auto error_text = [&](const char* field) {
            return error && error->contains(field) && (*error)[field].is_string() ? (*error)[field].get<std::string>()
                                                                                  : std::string();
        };
        out.error = Error{error_text("code"), error_text("message"), error_text("field"), error_text("detail")};
        localize_refusal(out.error);
        if (out.error.code.empty()) out.error.code = "team.refused";
        if (out.error.message.empty()) out.error.message = tr("error.team.refused");
        Status s = drop_pending(engine, id);
        if (!s) {
            out.kind = Received::Kind::Resync;
            out.error = s.error();
            return out;
        }
        out.kind = Received::Kind::Refused;
        return out;
    }
    if (type == "undo_state") {
        auto flag = [&](const char* field) {
            auto it = message.find(field);
            return it != message.end() && it->is_boolean() && it->get<bool>();
        };
        undo_state_ = UndoState{flag("can_undo"), flag("can_redo"), text("undo_label"), text("redo_label")};
        return out;
    }
    if (type == "resync") {
        out.kind = Received::Kind::Resync;
        out.error = Error{"team.resync", tr("error.team.resync"), ""};
        return out;
    }
    return out;  // unknown types are for newer clients
}

}  // namespace vastuu::sync
