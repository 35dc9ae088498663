// The argument readers and lookups every command file shares (declared in command_context.h): each
// refuses a wrong JSON type or a missing row with a stable code naming the field, so bad input becomes
// an Error, never an exception.
#include <algorithm>

#include "commands/command_context.h"
#include "core/i18n.h"
#include "core/sql.h"
#include "core/text.h"

namespace vastuu {

using nlohmann::json;

// ---------------------------------------------------------------------------------------------
// [SECTION] Argument readers
// ---------------------------------------------------------------------------------------------

Error missing_argument(const char* field) {
    return Error{"command.missing_argument", tr_format("error.command.missing_argument", {field}), field};
}

Error bad_argument(const char* field, const char* expected_key) {
    return Error{"command.bad_argument", tr_format("error.command.bad_argument", {field, tr(expected_key)}),
                 field};
}

Status allow_only(const json& args, std::initializer_list<const char*> allowed) {
    for (auto it = args.begin(); it != args.end(); ++it) {
        const std::string& key = it.key();
        if (key == "cmd") continue;
        bool known = std::any_of(allowed.begin(), allowed.end(), [&](const char* a) { return key == a; });
        if (!known)
            return Error{"command.bad_argument", tr_format("error.command.unknown_field", {key}), key};
    }
    return {};
}

bool has_value(const json& args, const char* field) {
    auto it = args.find(field);
    return it != args.end() && !it->is_null();
}

Status read_integer(const json& args, const char* field, bool required, int64_t& out) {
    auto it = args.find(field);
    if (it == args.end() || it->is_null()) {
        if (required) return missing_argument(field);
        return {};
    }
    if (it->is_number_unsigned()) {
        // Above INT64_MAX nothing can match a rowid or a customer number; refuse instead of wrapping.
        uint64_t u = it->get<uint64_t>();
        if (u > static_cast<uint64_t>(INT64_MAX)) return bad_argument(field, "type.integer");
        out = static_cast<int64_t>(u);
        return {};
    }
    if (!it->is_number_integer()) return bad_argument(field, "type.integer");
    out = it->get<int64_t>();
    return {};
}

Status read_bool(const json& args, const char* field, bool& out) {
    auto it = args.find(field);
    if (it == args.end() || it->is_null()) return {};
    if (!it->is_boolean()) return bad_argument(field, "type.boolean");
    out = it->get<bool>();
    return {};
}

Status read_text(const json& args, const char* field, size_t max_chars, bool required, bool multiline,
                 std::string& out) {
    auto it = args.find(field);
    if (it == args.end() || it->is_null()) {
        if (required) return missing_argument(field);
        out.clear();
        return {};
    }
    if (!it->is_string()) return bad_argument(field, "type.text");
    const std::string& value = it->get_ref<const std::string&>();
    VASTUU_TRY(validate_text(value, field, max_chars, required, multiline));
    out = trim(value);
    return {};
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Lookups shared by the commands (declared in commands_internal.h)
// ---------------------------------------------------------------------------------------------

bool id_exists(sqlite3* db, const char* table, int64_t id) {
    Stmt st(db, std::string("SELECT 1 FROM ") + table + " WHERE id = ?1");
    st.bind(1, id);
    return st.row();
}

Error not_found(const char* code, const char* field, int64_t id) {
    return Error{code, tr_format(("error." + std::string(code)).c_str(), {std::to_string(id)}), field};
}

// Checks that `id` names a row of `table`; the error code is e.g. "customer.not_found".
Status require_row(sqlite3* db, const char* table, const char* code, const char* field, int64_t id) {
    if (id_exists(db, table, id)) return {};
    return not_found(code, field, id);
}

// Reads an optional reference where 0 and null both mean "none"; a given id must exist.
Status read_optional_ref(sqlite3* db, const json& args, const char* field, const char* table, const char* code,
                         int64_t& out) {
    out = 0;
    VASTUU_TRY(read_integer(args, field, false, out));
    if (out != 0) VASTUU_TRY(require_row(db, table, code, field, out));
    return {};
}

// A light shape check: one '@' with text on both sides, a dot inside the domain, no spaces.
// Real validation is sending mail; this only catches typing slips such as a missing '@'.
bool looks_like_email(const std::string& s) {
    size_t at = s.find('@');
    if (at == std::string::npos || at == 0 || s.find('@', at + 1) != std::string::npos) return false;
    std::string domain = s.substr(at + 1);
    size_t dot = domain.find('.');
    if (dot == std::string::npos || dot == 0 || domain.back() == '.' || domain.find("..") != std::string::npos)
        return false;
    return std::none_of(s.begin(), s.end(), [](char c) { return c == ' ' || c == '\t' || c == ',' || c == ';'; });
}

Status step_done(sqlite3* db, Stmt& st, const char* what) {
    if (!st.done()) return sqlite_failure(db, what);
    return {};
}

}  // namespace vastuu
