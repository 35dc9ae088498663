// accounts.sqlite (accounts.h): the team server's accounts, sessions and invitations.
#include "accounts.h"

#include <sodium.h>

#include <iterator>

#include "core/i18n.h"
#include "core/sql.h"

namespace vastuu::server {
namespace {

const char* const kSchema = R"SQL(
CREATE TABLE IF NOT EXISTS account (
  id INTEGER PRIMARY KEY,
  email TEXT NOT NULL UNIQUE COLLATE NOCASE,
  name TEXT NOT NULL,
  employee_id INTEGER NOT NULL DEFAULT 0,
  kind TEXT NOT NULL CHECK (kind IN ('admin', 'employee')),
  password_hash TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS session (
  token_hash TEXT PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
  expires_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS session_account ON session(account_id);
CREATE TABLE IF NOT EXISTS invitation (
  token_hash TEXT PRIMARY KEY,
  employee_id INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('admin', 'employee')),
  name TEXT NOT NULL,
  created_by INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used INTEGER NOT NULL DEFAULT 0
);
)SQL";

Account read_account(Stmt& st) {
    Account a;
    a.id = st.int64(0);
    a.email = st.text(1);
    a.name = st.text(2);
    a.employee_id = st.int64(3);
    a.admin = st.text(4) == "admin";
    a.disabled = st.int64(5) != 0;
    return a;
}

const char* const kAccountColumns = "SELECT id, email, name, employee_id, kind, disabled, password_hash FROM account";

Error bad_invitation() { return Error{"auth.bad_invitation", tr("error.auth.bad_invitation"), "token"}; }
Error no_session() { return Error{"auth.no_session", tr("error.auth.no_session"), ""}; }

}  // namespace

nlohmann::json to_json(const Account& a) {
    return {{"id", a.id},           {"email", a.email}, {"name", a.name}, {"employee_id", a.employee_id},
            {"kind", a.admin ? "admin" : "employee"}, {"disabled", a.disabled}};
}

std::string hash_password(const std::string& password) {
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        return std::string();  // out of memory: no hash, so no account can be made with it
    return out;
}

bool verify_password(const std::string& hash, const std::string& password) {
    if (hash.empty()) return false;
    return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

std::string new_token() {
    unsigned char bytes[32];
    randombytes_buf(bytes, sizeof bytes);
    char out[sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
    sodium_bin2base64(out, sizeof out, bytes, sizeof bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    return out;
}

std::string token_hash(const std::string& token) {
    unsigned char h[crypto_generichash_BYTES];
    crypto_generichash(h, sizeof h, reinterpret_cast<const unsigned char*>(token.data()), token.size(), nullptr, 0);
    char hex[crypto_generichash_BYTES * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, h, sizeof h);
    return hex;
}

Result<std::unique_ptr<AccountStore>> AccountStore::open(const std::string& path) {
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK) {
        Error e{"db.cannot_open", tr_format("error.db.cannot_open", {path}), "", db ? sqlite3_errmsg(db) : "?"};
        sqlite3_close(db);
        return e;
    }
    std::unique_ptr<AccountStore> store(new AccountStore(db));
    VASTUU_TRY(exec(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;"
                        " PRAGMA busy_timeout = 5000"));
    VASTUU_TRY(exec(db, kSchema));
    return store;
}

AccountStore::~AccountStore() { sqlite3_close_v2(db_); }

int64_t AccountStore::count_accounts() {
    Stmt st(db_, "SELECT count(*) FROM account");
    return st.row() ? st.int64(0) : 0;
}

std::vector<Account> AccountStore::list() {
    std::vector<Account> out;
    Stmt st(db_, std::string(kAccountColumns) + " ORDER BY id");
    while (st.row()) out.push_back(read_account(st));
    return out;
}

Result<Account> AccountStore::by_id(int64_t id) {
    Stmt st(db_, std::string(kAccountColumns) + " WHERE id = ?1");
    st.bind(1, id);
    if (!st.row()) return Error{"auth.not_found", tr_format("error.auth.not_found", {std::to_string(id)}), "id"};
    return read_account(st);
}

Result<Account> AccountStore::by_email(const std::string& email, std::string& password_hash) {
    Stmt st(db_, std::string(kAccountColumns) + " WHERE email = ?1");
    st.bind(1, email);
    password_hash.clear();
    if (!st.row()) return Error{"auth.bad_credentials", tr("error.auth.bad_credentials"), ""};
    password_hash = st.text(6);
    return read_account(st);
}

Result<std::string> AccountStore::invite(int64_t employee_id, bool admin, const std::string& name, int64_t created_by,
                                         int64_t now) {
    const std::string token = new_token();
    Stmt st(db_, "INSERT INTO invitation (token_hash, employee_id, kind, name, created_by, expires_at)"
                 " VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    st.bind(1, token_hash(token)).bind(2, employee_id).bind(3, admin ? "admin" : "employee").bind(4, name);
    st.bind(5, created_by).bind(6, now + kInvitationSeconds);
    if (!st.done()) return sqlite_failure(db_, "creating an invitation");
    return token;
}

Result<Invitation> AccountStore::find_invitation(const std::string& token, int64_t now) {
    Stmt st(db_, "SELECT employee_id, kind, name FROM invitation WHERE token_hash = ?1 AND used = 0 AND expires_at > ?2");
    st.bind(1, token_hash(token)).bind(2, now);
    if (!st.row()) return bad_invitation();
    return Invitation{st.int64(0), st.text(1) == "admin", st.text(2)};
}

Result<Account> AccountStore::accept(const std::string& token, const std::string& email,
                                     const std::string& password_hash, int64_t now) {
    auto invitation = find_invitation(token, now);
    if (!invitation.ok()) return invitation.error();
    VASTUU_TRY(exec(db_, "BEGIN IMMEDIATE"));
    struct Rollback {
        sqlite3* db;
        ~Rollback() {
            if (!sqlite3_get_autocommit(db)) sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
        }
    } rollback{db_};
    Stmt use(db_, "UPDATE invitation SET used = 1 WHERE token_hash = ?1 AND used = 0");
    use.bind(1, token_hash(token));
    if (!use.done()) return sqlite_failure(db_, "using an invitation");
    if (sqlite3_changes(db_) != 1) return bad_invitation();
    Stmt taken(db_, "SELECT 1 FROM account WHERE email = ?1");
    taken.bind(1, email);
    if (taken.row()) return Error{"auth.email_taken", tr("error.auth.email_taken"), "email"};
    Stmt insert(db_, "INSERT INTO account (email, name, employee_id, kind, password_hash) VALUES (?1, ?2, ?3, ?4, ?5)");
    const Invitation& inv = invitation.value();
    insert.bind(1, email).bind(2, inv.name.empty() ? email : inv.name).bind(3, inv.employee_id);
    insert.bind(4, inv.admin ? "admin" : "employee").bind(5, password_hash);
    if (!insert.done()) return sqlite_failure(db_, "creating an account");
    const int64_t id = sqlite3_last_insert_rowid(db_);
    VASTUU_TRY(exec(db_, "COMMIT"));
    return by_id(id);
}

Result<std::string> AccountStore::start_session(int64_t account_id, int64_t now) {
    const std::string token = new_token();
    // Expired sessions go whenever a new one starts: the table stays small without a timer.
    Stmt prune(db_, "DELETE FROM session WHERE expires_at <= ?1");
    prune.bind(1, now);
    (void)prune.done();
    const std::string hash = token_hash(token);
    Status saved = insert_session(hash, account_id, now + kSessionSeconds);
    if (saved.ok()) return token;
    if (saved.error().code != "db.full") return saved.error();
    unsaved_[hash] = Unsaved{account_id, now + kSessionSeconds};
    return token;
}

Status AccountStore::insert_session(const std::string& hash, int64_t account_id, int64_t expires_at) {
    Stmt st(db_, "INSERT INTO session (token_hash, account_id, expires_at) VALUES (?1, ?2, ?3)");
    st.bind(1, hash).bind(2, account_id).bind(3, expires_at);
    if (!st.done()) return sqlite_failure(db_, "starting a session");
    return {};
}

void AccountStore::settle_sessions() {
    for (auto it = ended_.begin(); it != ended_.end();) it = delete_session(*it) ? ended_.erase(it) : std::next(it);
    for (auto it = unsaved_.begin(); it != unsaved_.end();)
        it = insert_session(it->first, it->second.account_id, it->second.expires_at).ok() ? unsaved_.erase(it) : std::next(it);
}

Result<Account> AccountStore::session_account(const std::string& token, int64_t now) {
    if (token.empty() || token.size() > 100) return no_session();
    if (!ended_.empty() || !unsaved_.empty()) settle_sessions();
    const std::string hash = token_hash(token);
    if (ended_.count(hash)) return no_session();
    if (auto kept = unsaved_.find(hash); kept != unsaved_.end()) {
        if (kept->second.expires_at <= now) return no_session();
        auto account = by_id(kept->second.account_id);
        if (!account.ok() || account->disabled) return no_session();
        return account;
    }
    Stmt st(db_, "SELECT a.id, a.email, a.name, a.employee_id, a.kind, a.disabled FROM session s"
                 " JOIN account a ON a.id = s.account_id WHERE s.token_hash = ?1 AND s.expires_at > ?2 AND a.disabled = 0");
    st.bind(1, hash).bind(2, now);
    if (!st.row()) return no_session();
    return read_account(st);
}

bool AccountStore::delete_session(const std::string& hash) {
    Stmt st(db_, "DELETE FROM session WHERE token_hash = ?1");
    st.bind(1, hash);
    return st.done();
}

void AccountStore::end_session(const std::string& token) {
    const std::string hash = token_hash(token);
    if (unsaved_.erase(hash)) return;  // never written
    if (!delete_session(hash)) ended_.insert(hash);
}

Status AccountStore::set_password(int64_t account_id, const std::string& password_hash) {
    Stmt st(db_, "UPDATE account SET password_hash = ?1 WHERE id = ?2");
    st.bind(1, password_hash).bind(2, account_id);
    if (!st.done()) return sqlite_failure(db_, "changing a password");
    return {};
}

Status AccountStore::disable(int64_t account_id) {
    VASTUU_TRY(exec(db_, "BEGIN IMMEDIATE"));
    Stmt st(db_, "UPDATE account SET disabled = 1 WHERE id = ?1");
    st.bind(1, account_id);
    Stmt sessions(db_, "DELETE FROM session WHERE account_id = ?1");
    sessions.bind(1, account_id);
    if (!st.done() || !sessions.done()) {
        Error failed = sqlite_failure(db_, "disabling an account");
        sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
        return failed;
    }
    VASTUU_TRY(exec(db_, "COMMIT"));
    for (auto it = unsaved_.begin(); it != unsaved_.end();)
        it = it->second.account_id == account_id ? unsaved_.erase(it) : std::next(it);
    return {};
}

}  // namespace vastuu::server
