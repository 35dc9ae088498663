// The JSON reader (json_reader.h): each table's rows checked field by field, every problem listed
// with its path ("tables.customer[3].name"), and the document's ids turned into natural keys.
#include "io/json_reader.h"

#include <algorithm>
#include <set>
#include <unordered_map>

#include "commands/command_context.h"  // looks_like_email()
#include "core/dates.h"
#include "core/field_limits.h"
#include "core/i18n.h"
#include "core/schema.h"
#include "core/text.h"
#include "io/dataset_json.h"

namespace vastuu {

using nlohmann::json;

namespace {

// ---------------------------------------------------------------------------------------------
// [SECTION] Parsing: positions, and keys that appear twice in one object
// ---------------------------------------------------------------------------------------------

// 1-based line and column of a byte offset.
std::pair<int64_t, int64_t> line_and_column(std::string_view body, size_t at) {
    at = std::min(at, body.size());
    int64_t line = 1 + std::count(body.begin(), body.begin() + static_cast<std::ptrdiff_t>(at), '\n');
    size_t line_start = at == 0 ? std::string_view::npos : body.rfind('\n', at - 1);
    int64_t column = static_cast<int64_t>(at - (line_start == std::string_view::npos ? 0 : line_start + 1)) + 1;
    return {line, column};
}

// The offset of the first number token spelled `token`, outside strings (0 when none is).
size_t find_number_token(std::string_view body, const std::string& token) {
    for (size_t i = 0; i < body.size() && !token.empty();) {
        const char c = body[i];
        if (c == '"') {
            for (++i; i < body.size() && body[i] != '"'; ++i)
                if (body[i] == '\\') ++i;
            ++i;
        } else if (c == '-' || (c >= '0' && c <= '9')) {
            size_t end = i;
            while (end < body.size() && std::string_view("+-.eE0123456789").find(body[end]) != std::string_view::npos) ++end;
            if (body.substr(i, end - i) == token) return i;
            i = end;
        } else {
            ++i;
        }
    }
    return 0;
}

// A second, DOM-less pass over the document (nlohmann's SAX interface) for a key that an object
// holds twice: nlohmann's DOM keeps the last one silently, so a second "tables": {} would import
// nothing. Records the first such key's path, "tables.customer[3].name". Each open object's keys
// are few, so a short list per level does. (Not nlohmann's parse callback: with one, parsing the
// 77 MB scale document took 22 s instead of 0.5 s.)
class KeyPaths final : public nlohmann::json_sax<json> {
public:
    std::string duplicate;

    bool null() override { return value(); }
    bool boolean(bool) override { return value(); }
    bool number_integer(number_integer_t) override { return value(); }
    bool number_unsigned(number_unsigned_t) override { return value(); }
    bool number_float(number_float_t, const string_t&) override { return value(); }
    bool string(string_t&) override { return value(); }
    bool binary(binary_t&) override { return value(); }
    bool start_object(std::size_t) override { return push(false); }
    bool start_array(std::size_t) override { return push(true); }
    bool end_object() override { return pop(); }
    bool end_array() override { return pop(); }
    bool key(string_t& key) override {
        Level& level = levels_[depth_ - 1];
        if (std::find(level.keys.begin(), level.keys.end(), key) != level.keys.end()) {
            duplicate = path_to(depth_ - 1) + (depth_ > 1 ? "." : "") + key;
            return false;  // the first one is enough: stop reading
        }
        level.keys.push_back(key);  // the last one is the key being read
        return true;
    }
    bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override { return false; }

private:
    struct Level {
        bool array = false;
        size_t index = 0;
        std::vector<std::string> keys;
    };
    std::vector<Level> levels_;  // [0, depth_) are open; the rest keep their capacity for reuse
    size_t depth_ = 0;

    bool push(bool array) {
        if (levels_.size() == depth_) levels_.emplace_back();
        Level& level = levels_[depth_++];
        level.array = array;
        level.index = 0;
        level.keys.clear();
        return true;
    }
    bool pop() {
        --depth_;
        return value();
    }
    // A value ended: in an array, the next element starts.
    bool value() {
        if (depth_ > 0 && levels_[depth_ - 1].array) ++levels_[depth_ - 1].index;
        return true;
    }
    // The path of the value being read at each open level below `depth`: "tables.customer[3]".
    std::string path_to(size_t depth) const {
        std::string out;
        for (size_t i = 0; i < depth; ++i) {
            const Level& parent = levels_[i];
            if (parent.array) out += "[" + std::to_string(parent.index) + "]";
            else out += (out.empty() ? "" : ".") + parent.keys.back();
        }
        return out;
    }
};

// ---------------------------------------------------------------------------------------------
// [SECTION] Reading rows
// ---------------------------------------------------------------------------------------------

// Reads one row object, recording each problem with its path ("tables.customer[3].name").
class RowReader {
public:
    RowReader(const json& row, std::string path, ImportPlan& plan) : row_(row), path_(std::move(path)), plan_(plan) {}

    bool ok() const { return ok_; }
    const std::string& path() const { return path_; }

    void issue(const std::string& field, const std::string& code, const std::string& message) {
        ok_ = false;
        std::string where = field.empty() ? path_ : path_ + "." + field;
        add_issue(plan_.errors, 0, where, code, where, message);
    }

    void only(std::initializer_list<const char*> allowed) {
        for (auto it = row_.begin(); it != row_.end(); ++it) {
            bool known = std::any_of(allowed.begin(), allowed.end(), [&](const char* a) { return it.key() == a; });
            if (!known) issue(it.key(), "import.unknown_field", tr_format("error.import.unknown_field", {it.key()}));
        }
    }

    // A whole number; null or absent is 0 unless required.
    bool integer(const char* field, bool required, int64_t& out) {
        out = 0;
        auto it = row_.find(field);
        if (it == row_.end() || it->is_null()) {
            if (required) issue(field, "import.missing_field", tr_format("error.import.missing_field", {field}));
            return !required;
        }
        if (it->is_number_unsigned() && it->get<uint64_t>() <= static_cast<uint64_t>(INT64_MAX)) {
            out = static_cast<int64_t>(it->get<uint64_t>());
            return true;
        }
        if (it->is_number_integer() && !it->is_number_unsigned()) {
            out = it->get<int64_t>();
            return true;
        }
        issue(field, "import.wrong_type", tr_format("error.import.wrong_type", {field, tr("type.integer")}));
        return false;
    }

    // A reference: null or absent is 0; else a positive id.
    bool ref(const char* field, bool required, int64_t& out) { return integer(field, required, out); }

    bool text(const char* field, size_t max_chars, bool required, bool multiline, std::string& out) {
        out.clear();
        auto it = row_.find(field);
        if (it == row_.end() || it->is_null()) {
            if (required) issue(field, "import.missing_field", tr_format("error.import.missing_field", {field}));
            return !required;
        }
        if (!it->is_string()) {
            issue(field, "import.wrong_type", tr_format("error.import.wrong_type", {field, tr("type.text")}));
            return false;
        }
        const std::string& value = it->get_ref<const std::string&>();
        Status valid = validate_text(value, field, max_chars, required, multiline);
        if (!valid.ok()) {
            issue(field, valid.error().code, valid.error().message);
            return false;
        }
        out = trim(value);
        return true;
    }

    // 0 / 1 as the export writes them; true / false accepted too.
    bool flag(const char* field, bool& out) {
        out = false;
        auto it = row_.find(field);
        if (it == row_.end() || it->is_null()) return true;
        if (it->is_boolean()) {
            out = it->get<bool>();
            return true;
        }
        if (it->is_number_integer() && (it->get<int64_t>() == 0 || it->get<int64_t>() == 1)) {
            out = it->get<int64_t>() == 1;
            return true;
        }
        issue(field, "import.wrong_type", tr_format("error.import.wrong_type", {field, tr("type.boolean")}));
        return false;
    }

    bool date(const char* field, std::string& out) {
        if (!text(field, 10, false, false, out)) return false;
        if (out.empty()) return true;
        auto day = parse_iso_date(out);
        if (!day.ok()) {
            issue(field, "import.bad_value", day.error().message);
            return false;
        }
        return true;
    }

private:
    const json& row_;
    std::string path_;
    ImportPlan& plan_;
    bool ok_ = true;
};

// Remembers each key's first row so that a second one is refused naming both.
class DuplicateCheck {
public:
    // True when `key` is new; else records "import.duplicate" at the reader naming the first row.
    bool add(RowReader& reader, const std::string& key, const std::string& shown, const char* field) {
        auto [it, inserted] = first_.emplace(key, reader.path());
        if (inserted) return true;
        reader.issue(field, "import.duplicate", tr_format("error.import.duplicate_in_file", {shown, it->second, reader.path()}));
        return false;
    }

private:
    std::unordered_map<std::string, std::string> first_;
};

const json* table_rows(const json& tables, const char* name, ImportPlan& plan) {
    auto it = tables.find(name);
    if (it == tables.end() || it->is_null()) return nullptr;
    if (!it->is_array()) {
        std::string path = std::string("tables.") + name;
        add_issue(plan.errors, 0, path, "import.wrong_type", path,
                  tr_format("error.import.wrong_type", {name, tr("type.array")}));
        return nullptr;
    }
    return &*it;
}

// Calls f(reader, row) for each row object of a table; a row that is not an object is an issue.
template <class F>
void for_rows(const json& tables, const char* name, ImportPlan& plan, F f) {
    const json* rows = table_rows(tables, name, plan);
    if (!rows) return;
    for (size_t i = 0; i < rows->size(); ++i) {
        std::string path = std::string("tables.") + name + "[" + std::to_string(i) + "]";
        const json& row = (*rows)[i];
        ++plan.rows;
        if (!row.is_object()) {
            add_issue(plan.errors, 0, path, "import.wrong_type", path,
                      tr_format("error.import.wrong_type", {path, tr("type.object")}));
            continue;
        }
        RowReader reader(row, path, plan);
        f(reader, row);
    }
}

// The id column: a positive whole number, unique within its table.
bool read_id(RowReader& r, std::set<int64_t>& seen, int64_t& id) {
    if (!r.integer("id", true, id)) return false;
    if (id <= 0) {
        r.issue("id", "import.bad_value", tr_format("error.import.bad_id", {std::to_string(id)}));
        return false;
    }
    if (!seen.insert(id).second) {
        r.issue("id", "import.duplicate", tr_format("error.import.duplicate_id", {std::to_string(id)}));
        return false;
    }
    return true;
}

// Every reader runs (all of a row's problems are listed), then: were they all fine?
bool all_read(std::initializer_list<bool> results) {
    return std::all_of(results.begin(), results.end(), [](bool b) { return b; });
}

void unknown_reference(RowReader& r, const char* field, int64_t id) {
    r.issue(field, "import.unknown_reference", tr_format("error.import.unknown_reference", {field, std::to_string(id)}));
}

}  // namespace

Result<ImportPlan> read_dataset_document(const json& doc) {
    if (!doc.is_object()) return Error{"import.not_a_dataset", tr("error.import.not_a_dataset"), ""};
    auto format = doc.find("format");
    if (format == doc.end() || !format->is_string() || format->get<std::string>() != kDatasetFormat)
        return Error{"import.not_a_dataset", tr("error.import.not_a_dataset"), "format"};
    auto version = doc.find("version");
    if (version == doc.end() || !version->is_number_integer())
        return Error{"import.wrong_type", tr_format("error.import.wrong_type", {"version", tr("type.integer")}), "version"};
    if (version->get<int64_t>() > kDatasetFormatVersion || version->get<int64_t>() < 1)
        return Error{"import.newer_format",
                     tr_format("error.import.newer_format", {std::to_string(version->get<int64_t>())}), "version"};
    auto schema = doc.find("schema_version");
    if (schema != doc.end() && !schema->is_null()) {
        if (!schema->is_number_integer())
            return Error{"import.wrong_type",
                         tr_format("error.import.wrong_type", {"schema_version", tr("type.integer")}), "schema_version"};
        if (schema->get<int64_t>() > kSchemaVersion)
            return Error{"import.newer_format",
                         tr_format("error.import.newer_format", {std::to_string(schema->get<int64_t>())}),
                         "schema_version"};
    }
    auto tables_it = doc.find("tables");
    if (tables_it == doc.end() || !tables_it->is_object())
        return Error{"import.wrong_type", tr_format("error.import.wrong_type", {"tables", tr("type.object")}), "tables"};
    const json& tables = *tables_it;

    ImportPlan plan;
    plan.kind = ImportKind::Dataset;
    static const std::set<std::string> kKnown = {"team", "employee", "role", "customer_group",
                                                 "customer_group_salesperson", "customer", "project",
                                                 "special_group", "special_group_member", "responsibility"};
    for (auto it = tables.begin(); it != tables.end(); ++it)
        if (!kKnown.count(it.key()))
            add_issue(plan.errors, 0, "tables." + it.key(), "import.unknown_table", "tables." + it.key(),
                      tr_format("error.import.unknown_table", {it.key()}));

    // Document ids to natural keys, table by table in dependency order.
    std::unordered_map<int64_t, std::string> team_name, group_name, special_name;
    std::unordered_map<int64_t, EmployeeKey> employee_key;
    std::unordered_map<int64_t, std::pair<std::string, std::string>> role_key;  // name, kind
    std::unordered_map<int64_t, int64_t> customer_number;
    std::unordered_map<int64_t, std::pair<int64_t, std::string>> project_key;  // customer number, number

    {
        std::set<int64_t> ids;
        DuplicateCheck names;
        for_rows(tables, "team", plan, [&](RowReader& r, const json&) {
            r.only({"id", "name"});
            PlanTeam t;
            bool ok = all_read({read_id(r, ids, t.doc_id),
                                r.text("name", limits::kName, true, false, t.name)});
            if (ok && names.add(r, fold_case(t.name), t.name, "name") && r.ok()) {
                t.where = r.path();
                team_name[t.doc_id] = t.name;
                plan.teams.push_back(std::move(t));
            }
        });
    }
    {
        std::set<int64_t> ids;
        DuplicateCheck keys;
        for_rows(tables, "employee", plan, [&](RowReader& r, const json&) {
            r.only({"id", "name", "email", "seller_info", "team_id", "archived"});
            PlanEmployee e;
            int64_t team = 0;
            bool ok = all_read({read_id(r, ids, e.doc_id),
                                r.text("name", limits::kName, true, false, e.name),
                                r.text("email", limits::kEmail, false, false, e.email),
                                r.text("seller_info", limits::kSellerInfo, false, true, e.seller_info),
                                r.ref("team_id", false, team),
                                r.flag("archived", e.archived)});
            if (ok && !e.email.empty() && !looks_like_email(e.email)) {
                r.issue("email", "employee.bad_email", tr_format("error.employee.bad_email", {e.email}));
                ok = false;
            }
            if (ok && team) {
                auto t = team_name.find(team);
                if (t == team_name.end()) unknown_reference(r, "team_id", team), ok = false;
                else e.team = t->second;
            }
            std::string key = e.email.empty() ? "name:" + e.name : "email:" + lower_ascii(e.email);
            if (ok && keys.add(r, key, e.email.empty() ? e.name : e.email, e.email.empty() ? "name" : "email") && r.ok()) {
                e.where = r.path();
                employee_key[e.doc_id] = EmployeeKey{e.email, e.name};
                plan.employees.push_back(std::move(e));
            }
        });
    }
    {
        std::set<int64_t> ids;
        DuplicateCheck keys;
        for_rows(tables, "role", plan, [&](RowReader& r, const json&) {
            r.only({"id", "name", "code", "kind"});
            PlanRole role;
            bool ok = all_read({read_id(r, ids, role.doc_id),
                                r.text("name", limits::kRoleName, true, false, role.name),
                                r.text("code", limits::kRoleCode, false, false, role.code),
                                r.text("kind", 10, true, false, role.kind)});
            if (ok && role.kind != "customer" && role.kind != "project") {
                r.issue("kind", "import.bad_value", tr_format("error.import.bad_role_kind", {role.kind}));
                ok = false;
            }
            if (ok && keys.add(r, fold_case(role.name) + "|" + role.kind, role.name, "name") && r.ok()) {
                role.where = r.path();
                role_key[role.doc_id] = {role.name, role.kind};
                plan.roles.push_back(std::move(role));
            }
        });
    }
    {
        std::set<int64_t> ids;
        DuplicateCheck names;
        for_rows(tables, "customer_group", plan, [&](RowReader& r, const json&) {
            r.only({"id", "name", "number_start", "ledger_account", "cost_centre"});
            PlanGroup g;
            bool ok = all_read({read_id(r, ids, g.doc_id),
                                r.text("name", limits::kName, true, false, g.name),
                                r.integer("number_start", false, g.number_start),
                                r.text("ledger_account", limits::kAccount, false, false, g.ledger_account),
                                r.text("cost_centre", limits::kAccount, false, false, g.cost_centre)});
            if (ok && g.number_start == 0) g.number_start = 1;
            if (ok && (g.number_start < 0 || g.number_start > limits::kMaxCustomerNumber)) {
                r.issue("number_start", "group.bad_number_start", tr("error.group.bad_number_start"));
                ok = false;
            }
            if (ok && names.add(r, fold_case(g.name), g.name, "name") && r.ok()) {
                g.where = r.path();
                group_name[g.doc_id] = g.name;
                plan.groups.push_back(std::move(g));
            }
        });
    }
    {
        DuplicateCheck pairs;
        for_rows(tables, "customer_group_salesperson", plan, [&](RowReader& r, const json&) {
            r.only({"group_id", "employee_id"});
            int64_t group = 0, employee = 0;
            bool ok = all_read({r.ref("group_id", true, group),
                                r.ref("employee_id", true, employee)});
            PlanSalesperson s;
            if (ok) {
                auto g = group_name.find(group);
                auto e = employee_key.find(employee);
                if (g == group_name.end()) unknown_reference(r, "group_id", group), ok = false;
                if (e == employee_key.end()) unknown_reference(r, "employee_id", employee), ok = false;
                if (ok) s.group = g->second, s.employee = e->second;
            }
            if (ok && pairs.add(r, std::to_string(group) + "|" + std::to_string(employee), r.path(), "") && r.ok()) {
                s.where = r.path();
                plan.salespersons.push_back(std::move(s));
            }
        });
    }
    {
        std::set<int64_t> ids;
        DuplicateCheck numbers;
        for_rows(tables, "customer", plan, [&](RowReader& r, const json&) {
            r.only({"id", "number", "name", "group_id", "archived"});
            PlanCustomer c;
            int64_t group = 0;
            bool ok = all_read({read_id(r, ids, c.doc_id),
                                r.integer("number", true, c.number),
                                r.text("name", limits::kName, true, false, c.name),
                                r.ref("group_id", false, group),
                                r.flag("archived", c.archived)});
            if (ok && !check_customer_number(c.number)) {
                r.issue("number", "customer.bad_number", tr("error.customer.bad_number"));
                ok = false;
            }
            if (ok && group) {
                auto g = group_name.find(group);
                if (g == group_name.end()) unknown_reference(r, "group_id", group), ok = false;
                else c.group = g->second;
            }
            if (ok && numbers.add(r, std::to_string(c.number), std::to_string(c.number), "number") && r.ok()) {
                c.where = r.path();
                customer_number[c.doc_id] = c.number;
                plan.customers.push_back(std::move(c));
            }
        });
    }
    {
        std::set<int64_t> ids;
        DuplicateCheck keys;
        for_rows(tables, "project", plan, [&](RowReader& r, const json&) {
            r.only({"id", "customer_id", "number", "name", "archived"});
            PlanProject p;
            int64_t customer = 0;
            bool ok = all_read({read_id(r, ids, p.doc_id),
                                r.ref("customer_id", true, customer),
                                r.text("number", limits::kProjectNumber, true, false, p.number),
                                r.text("name", limits::kName, true, false, p.name),
                                r.flag("archived", p.archived)});
            if (ok) {
                auto c = customer_number.find(customer);
                if (c == customer_number.end()) unknown_reference(r, "customer_id", customer), ok = false;
                else p.customer_number = c->second;
            }
            if (ok && keys.add(r, std::to_string(customer) + "|" + p.number, p.number, "number") && r.ok()) {
                p.where = r.path();
                project_key[p.doc_id] = {p.customer_number, p.number};
                plan.projects.push_back(std::move(p));
            }
        });
    }
    {
        std::set<int64_t> ids;
        DuplicateCheck names;
        for_rows(tables, "special_group", plan, [&](RowReader& r, const json&) {
            r.only({"id", "name", "legend"});
            PlanSpecialGroup g;
            bool ok = all_read({read_id(r, ids, g.doc_id),
                                r.text("name", limits::kName, true, false, g.name),
                                r.text("legend", limits::kLegend, false, true, g.legend)});
            if (ok && names.add(r, fold_case(g.name), g.name, "name") && r.ok()) {
                g.where = r.path();
                special_name[g.doc_id] = g.name;
                plan.special_groups.push_back(std::move(g));
            }
        });
    }
    {
        DuplicateCheck pairs;
        for_rows(tables, "special_group_member", plan, [&](RowReader& r, const json&) {
            r.only({"special_group_id", "customer_id"});
            int64_t group = 0, customer = 0;
            bool ok = all_read({r.ref("special_group_id", true, group),
                                r.ref("customer_id", true, customer)});
            PlanMember m;
            if (ok) {
                auto g = special_name.find(group);
                auto c = customer_number.find(customer);
                if (g == special_name.end()) unknown_reference(r, "special_group_id", group), ok = false;
                if (c == customer_number.end()) unknown_reference(r, "customer_id", customer), ok = false;
                if (ok) m.special_group = g->second, m.customer_number = c->second;
            }
            if (ok && pairs.add(r, std::to_string(group) + "|" + std::to_string(customer), r.path(), "") && r.ok()) {
                m.where = r.path();
                plan.members.push_back(std::move(m));
            }
        });
    }
    {
        std::set<int64_t> ids;
        for_rows(tables, "responsibility", plan, [&](RowReader& r, const json&) {
            r.only({"id", "customer_id", "project_id", "employee_id", "role_id", "valid_from", "valid_to"});
            PlanResponsibility x;
            int64_t customer = 0, project = 0, employee = 0, role = 0;
            bool ok = all_read({read_id(r, ids, x.doc_id),
                                r.ref("customer_id", false, customer),
                                r.ref("project_id", false, project),
                                r.ref("employee_id", true, employee),
                                r.ref("role_id", false, role),
                                r.date("valid_from", x.valid_from),
                                r.date("valid_to", x.valid_to)});
            if (ok && (customer != 0) == (project != 0)) {
                r.issue("customer_id", "import.bad_value", tr("error.command.customer_or_project"));
                ok = false;
            }
            if (ok && !x.valid_from.empty() && !x.valid_to.empty() && x.valid_to < x.valid_from) {
                r.issue("valid_to", "import.bad_value", tr_format("error.import.interval", {x.valid_from, x.valid_to}));
                ok = false;
            }
            if (ok && customer) {
                auto c = customer_number.find(customer);
                if (c == customer_number.end()) unknown_reference(r, "customer_id", customer), ok = false;
                else x.customer_number = c->second;
            }
            if (ok && project) {
                auto p = project_key.find(project);
                if (p == project_key.end()) unknown_reference(r, "project_id", project), ok = false;
                else x.customer_number = p->second.first, x.project_number = p->second.second;
            }
            if (ok) {
                auto e = employee_key.find(employee);
                if (e == employee_key.end()) unknown_reference(r, "employee_id", employee), ok = false;
                else x.employee = e->second;
            }
            if (ok && role) {
                auto k = role_key.find(role);
                if (k == role_key.end()) unknown_reference(r, "role_id", role), ok = false;
                else x.role = k->second.first, x.role_kind = k->second.second;
            }
            if (ok && r.ok()) {
                x.where = r.path();
                plan.responsibilities.push_back(std::move(x));
            }
        });
    }
    return plan;
}

Result<ImportPlan> parse_dataset_json(std::string_view text) {
    // JSON is UTF-8 by definition: a file in another encoding is refused before parsing, naming the line.
    std::string_view body = text;
    if (body.size() >= 3 && body.substr(0, 3) == "\xEF\xBB\xBF") body.remove_prefix(3);
    if (size_t bad = first_invalid_utf8(body); bad != body.size()) {
        int64_t line = 1 + std::count(body.begin(), body.begin() + static_cast<std::ptrdiff_t>(bad), '\n');
        return Error{"import.invalid_utf8", tr_format("error.import.invalid_utf8", {std::to_string(line)}), ""};
    }
    // Exceptions are on in every build (CMakeLists.txt); the parse error tells where it failed.
    json doc;
    try {
        doc = json::parse(body.begin(), body.end());
    } catch (const json::parse_error& e) {
        const auto [line, column] = line_and_column(body, e.byte > 0 ? e.byte - 1 : 0);
        return Error{"import.invalid_json",
                     tr_format("error.import.invalid_json", {std::to_string(line), std::to_string(column)}), ""};
    } catch (const json::out_of_range& e) {
        // nlohmann's number overflow (406) says which number but not where: find it.
        const std::string what = e.what();
        const size_t open = what.find('\''), close = what.rfind('\'');
        const std::string token = open != std::string::npos && close > open ? what.substr(open + 1, close - open - 1) : "";
        const auto [line, column] = line_and_column(body, find_number_token(body, token));
        return Error{"import.number_out_of_range",
                     tr_format("error.import.number_out_of_range",
                               {std::to_string(line), std::to_string(column), truncate_chars(token, 40)}),
                     ""};
    } catch (const json::exception&) {
        return Error{"import.invalid_json", tr_format("error.import.invalid_json", {"1", "1"}), ""};
    }
    // The document parsed: now the keys (a pass without building anything, a fraction of the parse).
    KeyPaths keys;
    json::sax_parse(body.begin(), body.end(), &keys);
    if (!keys.duplicate.empty())
        return Error{"import.duplicate_key", tr_format("error.import.duplicate_key", {keys.duplicate}), ""};
    return read_dataset_document(doc);
}

}  // namespace vastuu
