// Accounts, sessions and invitations of the team server, in DIR/accounts.sqlite (never part of a
// snapshot, never seen by the engine). Passwords are Argon2id hashes (libsodium crypto_pwhash_str);
// a session or invitation token is 32 random bytes, and only its hash is stored, so a copy of the
// file signs nobody in. Single-threaded like the rest of the server, except hash_password() and
// verify_password(), which are pure and run on worker threads (they take ~100 ms on purpose).
#pragma once
#include <sqlite3.h>

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"

namespace vastuu::server {

struct Account {
    int64_t id = 0;
    std::string email;
    std::string name;         // "who" in the change log: the employee's name, or the e-mail
    int64_t employee_id = 0;  // 0: an administrator without an employee row
    bool admin = false;       // kind "admin" (else "employee")
    bool disabled = false;
};
nlohmann::json to_json(const Account& a);  // {id, email, name, employee_id, kind, disabled}

struct Invitation {
    int64_t employee_id = 0;
    bool admin = false;
    std::string name;  // the employee's name, or "" for an administrator without one
};

constexpr size_t kMinPasswordChars = 10;
constexpr int64_t kSessionSeconds = 30 * 24 * 3600;
constexpr int64_t kInvitationSeconds = 7 * 24 * 3600;

// Argon2id (OPSLIMIT/MEMLIMIT_INTERACTIVE). Thread-safe; call sodium_init() once first.
std::string hash_password(const std::string& password);
bool verify_password(const std::string& hash, const std::string& password);
// A new random token (URL-safe base64 of 32 bytes) and the hash stored for it.
std::string new_token();
std::string token_hash(const std::string& token);

class AccountStore {
public:
    static Result<std::unique_ptr<AccountStore>> open(const std::string& path);
    ~AccountStore();

    int64_t count_accounts();
    std::vector<Account> list();
    Result<Account> by_id(int64_t id);
    // The account, with its password hash, for a sign-in ("" hash when there is no such account).
    Result<Account> by_email(const std::string& email, std::string& password_hash);

    // A new invitation; returns its token (shown once, in the link).
    Result<std::string> invite(int64_t employee_id, bool admin, const std::string& name, int64_t created_by, int64_t now);
    // The unused, unexpired invitation `token` names ("auth.bad_invitation" otherwise).
    Result<Invitation> find_invitation(const std::string& token, int64_t now);
    // Uses the invitation and creates its account, in one transaction ("auth.email_taken" when the
    // e-mail has an account, "auth.bad_invitation" when someone used the token meanwhile).
    Result<Account> accept(const std::string& token, const std::string& email, const std::string& password_hash,
                           int64_t now);

    // A new session for the account; returns its token (the cookie's value). On a full disk (its
    // row cannot be written) the session is kept in memory and valid at once, and its row is written
    // on a later session check once there is room: signing in to read works on a full disk (a
    // restart before then forgets the session; the person signs in again).
    Result<std::string> start_session(int64_t account_id, int64_t now);
    size_t unsaved_sessions() const { return unsaved_.size(); }
    // The account of a live session (not expired, account not disabled); "auth.no_session" otherwise.
    Result<Account> session_account(const std::string& token, int64_t now);
    // Ends the session at once. When its row cannot be deleted (a full disk) the session stays
    // ended in memory, and the deletion is tried again on each later session check until it
    // succeeds, so a sign-out holds on a full disk too (and after a restart once space was freed).
    void end_session(const std::string& token);
    Status set_password(int64_t account_id, const std::string& password_hash);
    // Disables the account and ends all its sessions.
    Status disable(int64_t account_id);

private:
    explicit AccountStore(sqlite3* db) : db_(db) {}
    bool delete_session(const std::string& hash);
    Status insert_session(const std::string& hash, int64_t account_id, int64_t expires_at);
    void settle_sessions();  // writes and deletes what a full disk kept in memory, as far as it can
    sqlite3* db_;
    std::set<std::string> ended_;  // hashes of sessions ended whose row is still to delete
    struct Unsaved {
        int64_t account_id = 0;
        int64_t expires_at = 0;
    };
    std::map<std::string, Unsaved> unsaved_;  // by hash: sessions started whose row is still to write
};

}  // namespace vastuu::server
