// The import runner (import_runner.h): a plan matched against the database and written, table by
// table in dependency order; the preview runs the same code and rolls back.
//
// Index of this file:
// [SECTION] Running a plan (preview and apply)
// [SECTION] Reports
#include "io/import_runner.h"

#include <unordered_map>
#include <unordered_set>

#include "commands/command_context.h"
#include "core/i18n.h"
#include "core/sql.h"
#include "core/text.h"

namespace vastuu {

using nlohmann::json;


// ---------------------------------------------------------------------------------------------
// [SECTION] Running a plan (preview and apply)
// ---------------------------------------------------------------------------------------------

namespace {

// Runs the plan against the database: matches rows by natural key, writes creations and updates, and
// counts. Row problems found only against the database (an unknown team, an ambiguous employee) go to
// report.errors; the return value fails only for database errors.
class PlanRunner {
public:
    PlanRunner(sqlite3* db, const ImportPlan& plan, ImportReport& report) : db_(db), plan_(plan), report_(report) {}

    Status run() {
        VASTUU_TRY(teams());
        VASTUU_TRY(employees());
        VASTUU_TRY(roles());
        VASTUU_TRY(groups());
        VASTUU_TRY(salespersons());
        VASTUU_TRY(customers());
        VASTUU_TRY(projects());
        VASTUU_TRY(special_groups());
        VASTUU_TRY(members());
        VASTUU_TRY(responsibilities());
        return {};
    }

private:
    ImportCounts& counts(const char* table) {
        for (auto& t : report_.tables)
            if (t.first == table) return t.second;
        report_.tables.emplace_back(table, ImportCounts{});
        return report_.tables.back().second;
    }
    void created(const char* table) { ++counts(table).created; ++report_.total.created; }
    void updated(const char* table) { ++counts(table).updated; ++report_.total.updated; }
    void unchanged(const char* table) { ++counts(table).unchanged; ++report_.total.unchanged; }
    void conflict(const char* table, const std::string& where, const std::string& message) {
        ++counts(table).conflicts;
        ++report_.total.conflicts;
        add_issue(report_.errors, line_of(where), path_of(where), "import.conflict", where, message);
    }
    void problem(const std::string& where, const std::string& code, const std::string& message) {
        add_issue(report_.errors, line_of(where), path_of(where), code, where, message);
    }
    // `where` is "tables.x[3]" (JSON) or a CSV line as tr("import.line") formats it.
    static int64_t line_of(const std::string& where) {
        size_t digits = where.find_first_of("0123456789");
        if (where.rfind("tables.", 0) == 0 || digits == std::string::npos) return 0;
        return std::stoll(where.substr(digits, 18));
    }
    static std::string path_of(const std::string& where) { return where.rfind("tables.", 0) == 0 ? where : ""; }

    Status fail(const char* what) { return sqlite_failure(db_, what); }

    // The document's id for a new row when the table does not use it yet, else NULL (a new id).
    void bind_new_id(Stmt& st, int i, int64_t doc_id, const std::unordered_set<int64_t>& used) {
        if (doc_id > 0 && !used.count(doc_id)) st.bind(i, doc_id);
        else st.bind_null(i);
    }

    // Loads "SELECT id, key..." into a folded-key map of ids and the set of used ids.
    void load_keys(const char* sql, std::unordered_map<std::string, std::vector<int64_t>>& keys,
                   std::unordered_set<int64_t>& ids, bool fold = true) {
        Stmt st(db_, sql);
        while (st.row()) {
            ids.insert(st.int64(0));
            std::string key = st.text(1);
            keys[fold ? fold_case(key) : key].push_back(st.int64(0));
        }
    }

    Status teams() {
        std::unordered_set<int64_t> used;
        load_keys("SELECT id, name FROM team", team_ids_, used);
        Stmt insert(db_, "INSERT INTO team (id, name) VALUES (?1, ?2)");
        Stmt update(db_, "UPDATE team SET name = ?1 WHERE id = ?2 AND name <> ?1");
        for (const PlanTeam& t : plan_.teams) {
            auto found = team_ids_.find(fold_case(t.name));
            if (found != team_ids_.end()) {
                update.bind(1, t.name).bind(2, found->second[0]);
                VASTUU_TRY(step_done(db_, update, "importing teams"));
                update.reset();
                sqlite3_changes(db_) ? updated("team") : unchanged("team");
                continue;
            }
            bind_new_id(insert, 1, t.doc_id, used);
            insert.bind(2, t.name);
            VASTUU_TRY(step_done(db_, insert, "importing teams"));
            insert.reset();
            int64_t id = sqlite3_last_insert_rowid(db_);
            used.insert(id);
            team_ids_[fold_case(t.name)] = {id};
            created("team");
        }
        return {};
    }

    // A team name to its id; "" is none. Unknown: a problem at `where`, and false.
    bool team_id(const std::string& name, const std::string& where, int64_t& out) {
        out = 0;
        if (name.empty()) return true;
        auto found = team_ids_.find(fold_case(name));
        if (found != team_ids_.end()) return out = found->second[0], true;
        problem(where, "import.unknown_reference", tr_format("error.import.unknown_team", {name}));
        return false;
    }

    Status employees() {
        std::unordered_set<int64_t> used;
        {
            Stmt st(db_, "SELECT id, email, name FROM employee");
            while (st.row()) {
                used.insert(st.int64(0));
                std::string email = st.text(1);
                if (email.empty()) employee_names_[st.text(2)].push_back(st.int64(0));
                else employee_emails_[lower_ascii(email)].push_back(st.int64(0));
            }
        }
        Stmt current(db_, "SELECT name, email, seller_info, coalesce(team_id, 0), archived FROM employee WHERE id = ?1");
        Stmt insert(db_, "INSERT INTO employee (id, name, email, seller_info, team_id, archived) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
        Stmt update(db_, "UPDATE employee SET name = ?1, email = ?2, seller_info = ?3, team_id = ?4, archived = ?5 WHERE id = ?6");
        for (const PlanEmployee& e : plan_.employees) {
            int64_t team = 0;
            if (e.has_team && !team_id(e.team, e.where, team)) continue;
            const std::vector<int64_t>* matches = find_employee(EmployeeKey{e.email, e.name});
            if (matches && matches->size() > 1) {
                conflict("employee", e.where, tr_format("error.import.ambiguous_employee",
                                                        {e.email.empty() ? e.name : e.email,
                                                         std::to_string(matches->size())}));
                continue;
            }
            if (matches) {
                const int64_t id = (*matches)[0];
                current.bind(1, id);
                if (!current.row()) return fail("importing employees");
                std::string seller = e.has_seller_info ? e.seller_info : current.text(2);
                if (!e.has_team) team = current.int64(3);
                bool archived = e.has_archived ? e.archived : current.int64(4) != 0;
                bool same = current.text(0) == e.name && current.text(1) == (e.email.empty() ? current.text(1) : e.email) &&
                            current.text(2) == seller && current.int64(3) == team && (current.int64(4) != 0) == archived;
                std::string email = e.email.empty() ? current.text(1) : e.email;
                current.reset();
                if (same) {
                    unchanged("employee");
                    continue;
                }
                update.bind(1, e.name).bind(2, email).bind(3, seller).bind_id_or_null(4, team).bind(5, archived ? 1 : 0).bind(6, id);
                VASTUU_TRY(step_done(db_, update, "importing employees"));
                update.reset();
                updated("employee");
                continue;
            }
            bind_new_id(insert, 1, e.doc_id, used);
            insert.bind(2, e.name).bind(3, e.email).bind(4, e.seller_info).bind_id_or_null(5, team).bind(6, e.archived ? 1 : 0);
            VASTUU_TRY(step_done(db_, insert, "importing employees"));
            insert.reset();
            int64_t id = sqlite3_last_insert_rowid(db_);
            used.insert(id);
            if (e.email.empty()) employee_names_[e.name].push_back(id);
            else employee_emails_[lower_ascii(e.email)] = {id};
            created("employee");
        }
        return {};
    }

    const std::vector<int64_t>* find_employee(const EmployeeKey& key) {
        if (!key.email.empty()) {
            auto found = employee_emails_.find(lower_ascii(key.email));
            return found == employee_emails_.end() ? nullptr : &found->second;
        }
        auto found = employee_names_.find(key.name);
        return found == employee_names_.end() ? nullptr : &found->second;
    }

    // An employee reference to exactly one employee; else a problem at `where`, and false.
    bool employee_id(const EmployeeKey& key, const std::string& where, int64_t& out) {
        const std::vector<int64_t>* found = find_employee(key);
        const std::string shown = key.email.empty() ? key.name : key.email;
        if (!found) {
            problem(where, "import.unknown_reference", tr_format("error.import.unknown_employee", {shown}));
            return false;
        }
        if (found->size() > 1) {
            problem(where, "import.conflict",
                    tr_format("error.import.ambiguous_employee", {shown, std::to_string(found->size())}));
            return false;
        }
        out = (*found)[0];
        return true;
    }

    Status roles() {
        std::unordered_set<int64_t> used;
        load_keys("SELECT id, name || '|' || kind FROM role", role_ids_, used);
        Stmt insert(db_, "INSERT INTO role (id, name, code, kind) VALUES (?1, ?2, ?3, ?4)");
        Stmt update(db_, "UPDATE role SET name = ?1, code = ?2 WHERE id = ?3 AND (name <> ?1 OR code <> ?2)");
        for (const PlanRole& r : plan_.roles) {
            auto found = role_ids_.find(fold_case(r.name) + "|" + r.kind);
            if (found != role_ids_.end()) {
                update.bind(1, r.name).bind(2, r.code).bind(3, found->second[0]);
                VASTUU_TRY(step_done(db_, update, "importing roles"));
                update.reset();
                sqlite3_changes(db_) ? updated("role") : unchanged("role");
                continue;
            }
            bind_new_id(insert, 1, r.doc_id, used);
            insert.bind(2, r.name).bind(3, r.code).bind(4, r.kind);
            VASTUU_TRY(step_done(db_, insert, "importing roles"));
            insert.reset();
            int64_t id = sqlite3_last_insert_rowid(db_);
            used.insert(id);
            role_ids_[fold_case(r.name) + "|" + r.kind] = {id};
            created("role");
        }
        return {};
    }

    Status groups() {
        std::unordered_set<int64_t> used;
        load_keys("SELECT id, name FROM customer_group", group_ids_, used);
        Stmt insert(db_, "INSERT INTO customer_group (id, name, number_start, ledger_account, cost_centre) VALUES (?1, ?2, ?3, ?4, ?5)");
        Stmt update(db_,
                    "UPDATE customer_group SET name = ?1, number_start = ?2, ledger_account = ?3, cost_centre = ?4"
                    " WHERE id = ?5 AND (name <> ?1 OR number_start <> ?2 OR ledger_account <> ?3 OR cost_centre <> ?4)");
        for (const PlanGroup& g : plan_.groups) {
            auto found = group_ids_.find(fold_case(g.name));
            if (found != group_ids_.end()) {
                update.bind(1, g.name).bind(2, g.number_start).bind(3, g.ledger_account).bind(4, g.cost_centre);
                update.bind(5, found->second[0]);
                VASTUU_TRY(step_done(db_, update, "importing customer groups"));
                update.reset();
                sqlite3_changes(db_) ? updated("customer_group") : unchanged("customer_group");
                continue;
            }
            bind_new_id(insert, 1, g.doc_id, used);
            insert.bind(2, g.name).bind(3, g.number_start).bind(4, g.ledger_account).bind(5, g.cost_centre);
            VASTUU_TRY(step_done(db_, insert, "importing customer groups"));
            insert.reset();
            int64_t id = sqlite3_last_insert_rowid(db_);
            used.insert(id);
            group_ids_[fold_case(g.name)] = {id};
            created("customer_group");
        }
        return {};
    }

    bool group_id(const std::string& name, const std::string& where, int64_t& out) {
        out = 0;
        if (name.empty()) return true;
        auto found = group_ids_.find(fold_case(name));
        if (found != group_ids_.end()) return out = found->second[0], true;
        problem(where, "import.unknown_reference", tr_format("error.import.unknown_group", {name}));
        return false;
    }

    Status salespersons() {
        Stmt insert(db_, "INSERT OR IGNORE INTO customer_group_salesperson (group_id, employee_id) VALUES (?1, ?2)");
        for (const PlanSalesperson& s : plan_.salespersons) {
            int64_t group = 0, employee = 0;
            if (!group_id(s.group, s.where, group) || !employee_id(s.employee, s.where, employee)) continue;
            insert.bind(1, group).bind(2, employee);
            VASTUU_TRY(step_done(db_, insert, "importing salespersons"));
            insert.reset();
            sqlite3_changes(db_) ? created("customer_group_salesperson") : unchanged("customer_group_salesperson");
        }
        return {};
    }

    Status customers() {
        std::unordered_set<int64_t> used;
        {
            Stmt st(db_, "SELECT id, number FROM customer");
            while (st.row()) {
                used.insert(st.int64(0));
                customer_ids_[st.int64(1)] = st.int64(0);
            }
        }
        Stmt current(db_, "SELECT name, coalesce(group_id, 0), archived FROM customer WHERE id = ?1");
        Stmt insert(db_, "INSERT INTO customer (id, number, name, group_id, archived) VALUES (?1, ?2, ?3, ?4, ?5)");
        Stmt update(db_, "UPDATE customer SET name = ?1, group_id = ?2, archived = ?3 WHERE id = ?4");
        for (const PlanCustomer& c : plan_.customers) {
            int64_t group = 0;
            if (c.has_group && !group_id(c.group, c.where, group)) continue;
            auto found = c.number ? customer_ids_.find(c.number) : customer_ids_.end();
            if (found != customer_ids_.end()) {
                const int64_t id = found->second;
                current.bind(1, id);
                if (!current.row()) return fail("importing customers");
                if (!c.has_group) group = current.int64(1);
                bool archived = c.has_archived ? c.archived : current.int64(2) != 0;
                bool same = current.text(0) == c.name && current.int64(1) == group && (current.int64(2) != 0) == archived;
                current.reset();
                if (same) {
                    unchanged("customer");
                    continue;
                }
                update.bind(1, c.name).bind_id_or_null(2, group).bind(3, archived ? 1 : 0).bind(4, id);
                VASTUU_TRY(step_done(db_, update, "importing customers"));
                update.reset();
                updated("customer");
                continue;
            }
            const int64_t number = c.number ? c.number : next_free_customer_number(db_, group);
            if (Status in_range = check_customer_number(number); !in_range)
                return Error{in_range.error().code, c.where + ": " + in_range.error().message, ""};
            bind_new_id(insert, 1, c.doc_id, used);
            insert.bind(2, number).bind(3, c.name).bind_id_or_null(4, group).bind(5, c.archived ? 1 : 0);
            VASTUU_TRY(step_done(db_, insert, "importing customers"));
            insert.reset();
            int64_t id = sqlite3_last_insert_rowid(db_);
            used.insert(id);
            customer_ids_[number] = id;
            created("customer");
        }
        return {};
    }

    bool customer_id(int64_t number, const std::string& where, int64_t& out) {
        auto found = customer_ids_.find(number);
        if (found != customer_ids_.end()) return out = found->second, true;
        problem(where, "import.unknown_reference", tr_format("error.import.unknown_customer", {std::to_string(number)}));
        return false;
    }

    static std::string project_key(int64_t customer, const std::string& number) {
        return std::to_string(customer) + "|" + number;
    }

    Status projects() {
        std::unordered_set<int64_t> used;
        {
            Stmt st(db_, "SELECT id, customer_id, number FROM project");
            while (st.row()) {
                used.insert(st.int64(0));
                project_ids_[project_key(st.int64(1), st.text(2))] = st.int64(0);
            }
        }
        Stmt current(db_, "SELECT name, archived FROM project WHERE id = ?1");
        Stmt insert(db_, "INSERT INTO project (id, customer_id, number, name, archived) VALUES (?1, ?2, ?3, ?4, ?5)");
        Stmt update(db_, "UPDATE project SET name = ?1, archived = ?2 WHERE id = ?3");
        for (const PlanProject& p : plan_.projects) {
            int64_t customer = 0;
            if (!customer_id(p.customer_number, p.where, customer)) continue;
            auto found = project_ids_.find(project_key(customer, p.number));
            if (found != project_ids_.end()) {
                current.bind(1, found->second);
                if (!current.row()) return fail("importing projects");
                bool same = current.text(0) == p.name && (current.int64(1) != 0) == p.archived;
                current.reset();
                if (same) {
                    unchanged("project");
                    continue;
                }
                update.bind(1, p.name).bind(2, p.archived ? 1 : 0).bind(3, found->second);
                VASTUU_TRY(step_done(db_, update, "importing projects"));
                update.reset();
                updated("project");
                continue;
            }
            bind_new_id(insert, 1, p.doc_id, used);
            insert.bind(2, customer).bind(3, p.number).bind(4, p.name).bind(5, p.archived ? 1 : 0);
            VASTUU_TRY(step_done(db_, insert, "importing projects"));
            insert.reset();
            int64_t id = sqlite3_last_insert_rowid(db_);
            used.insert(id);
            project_ids_[project_key(customer, p.number)] = id;
            created("project");
        }
        return {};
    }

    Status special_groups() {
        std::unordered_set<int64_t> used;
        load_keys("SELECT id, name FROM special_group", special_ids_, used);
        Stmt insert(db_, "INSERT INTO special_group (id, name, legend) VALUES (?1, ?2, ?3)");
        Stmt update(db_, "UPDATE special_group SET name = ?1, legend = ?2 WHERE id = ?3 AND (name <> ?1 OR legend <> ?2)");
        for (const PlanSpecialGroup& g : plan_.special_groups) {
            auto found = special_ids_.find(fold_case(g.name));
            if (found != special_ids_.end()) {
                update.bind(1, g.name).bind(2, g.legend).bind(3, found->second[0]);
                VASTUU_TRY(step_done(db_, update, "importing special groups"));
                update.reset();
                sqlite3_changes(db_) ? updated("special_group") : unchanged("special_group");
                continue;
            }
            bind_new_id(insert, 1, g.doc_id, used);
            insert.bind(2, g.name).bind(3, g.legend);
            VASTUU_TRY(step_done(db_, insert, "importing special groups"));
            insert.reset();
            int64_t id = sqlite3_last_insert_rowid(db_);
            used.insert(id);
            special_ids_[fold_case(g.name)] = {id};
            created("special_group");
        }
        return {};
    }

    Status members() {
        Stmt insert(db_, "INSERT OR IGNORE INTO special_group_member (special_group_id, customer_id) VALUES (?1, ?2)");
        for (const PlanMember& m : plan_.members) {
            auto group = special_ids_.find(fold_case(m.special_group));
            int64_t customer = 0;
            if (group == special_ids_.end()) {
                problem(m.where, "import.unknown_reference", tr_format("error.import.unknown_special_group", {m.special_group}));
                continue;
            }
            if (!customer_id(m.customer_number, m.where, customer)) continue;
            insert.bind(1, group->second[0]).bind(2, customer);
            VASTUU_TRY(step_done(db_, insert, "importing special group members"));
            insert.reset();
            sqlite3_changes(db_) ? created("special_group_member") : unchanged("special_group_member");
        }
        return {};
    }

    // Responsibilities have no unique key: one employee may hold the same customer twice (an ended
    // row and a current one). A file row claims one unclaimed row with the same (target, employee,
    // start): first one equal in role and end (unchanged), else one with the same role (the end is
    // updated), else one with the same end (the role is updated); with none, the row is created.
    Status responsibilities() {
        if (plan_.responsibilities.empty()) return {};
        std::unordered_set<int64_t> used;
        struct Existing { int64_t id, role; std::string to; bool claimed = false; };
        std::unordered_map<std::string, std::vector<Existing>> existing;
        auto key = [](int64_t customer, int64_t project, int64_t employee, const std::string& from) {
            return (customer ? "c" + std::to_string(customer) : "p" + std::to_string(project)) + "|" +
                   std::to_string(employee) + "|" + from;
        };
        {
            Stmt st(db_, "SELECT id, coalesce(customer_id, 0), coalesce(project_id, 0), employee_id, coalesce(valid_from, ''),"
                         " coalesce(role_id, 0), coalesce(valid_to, '') FROM responsibility ORDER BY id");
            while (st.row()) {
                used.insert(st.int64(0));
                existing[key(st.int64(1), st.int64(2), st.int64(3), st.text(4))].push_back(
                    Existing{st.int64(0), st.int64(5), st.text(6)});
            }
        }
        Stmt insert(db_, "INSERT INTO responsibility (id, customer_id, project_id, employee_id, role_id, valid_from, valid_to)"
                         " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
        Stmt update(db_, "UPDATE responsibility SET role_id = ?1, valid_to = ?2 WHERE id = ?3");
        for (const PlanResponsibility& x : plan_.responsibilities) {
            int64_t customer = 0, project = 0, employee = 0, role = 0;
            if (!customer_id(x.customer_number, x.where, customer)) continue;
            if (!x.project_number.empty()) {
                auto p = project_ids_.find(project_key(customer, x.project_number));
                if (p == project_ids_.end()) {
                    problem(x.where, "import.unknown_reference",
                            tr_format("error.import.unknown_project", {x.project_number, std::to_string(x.customer_number)}));
                    continue;
                }
                project = p->second;
                customer = 0;
            }
            if (!employee_id(x.employee, x.where, employee)) continue;
            if (!x.role.empty()) {
                const std::string kind = !x.role_kind.empty() ? x.role_kind : project ? "project" : "customer";
                auto r = role_ids_.find(fold_case(x.role) + "|" + kind);
                if (r == role_ids_.end()) {
                    problem(x.where, "import.unknown_reference", tr_format("error.import.unknown_role", {x.role}));
                    continue;
                }
                role = r->second[0];
            }
            const std::string k = key(customer, project, employee, x.valid_from);
            std::vector<Existing>& candidates = existing[k];
            auto same_role = [&](const Existing& c) { return !x.has_role || c.role == role; };
            auto same_to = [&](const Existing& c) { return !x.has_valid_to || c.to == x.valid_to; };
            Existing* match = nullptr;
            for (auto pass : {0, 1, 2}) {
                for (Existing& c : candidates) {
                    if (c.claimed) continue;
                    bool fits = pass == 0 ? same_role(c) && same_to(c) : pass == 1 ? same_role(c) : same_to(c);
                    if (fits) {
                        match = &c;
                        break;
                    }
                }
                if (match) break;
            }
            if (match) {
                match->claimed = true;
                const int64_t new_role = x.has_role ? role : match->role;
                const std::string to = x.has_valid_to ? x.valid_to : match->to;
                if (!to.empty() && !x.valid_from.empty() && to < x.valid_from) {
                    problem(x.where, "import.bad_value", tr_format("error.import.interval", {x.valid_from, to}));
                    continue;
                }
                if (new_role == match->role && to == match->to) {
                    unchanged("responsibility");
                    continue;
                }
                update.bind_id_or_null(1, new_role).bind_text_or_null(2, to).bind(3, match->id);
                VASTUU_TRY(step_done(db_, update, "importing responsibilities"));
                update.reset();
                match->role = new_role;
                match->to = to;
                updated("responsibility");
                continue;
            }
            bind_new_id(insert, 1, x.doc_id, used);
            insert.bind_id_or_null(2, customer).bind_id_or_null(3, project).bind(4, employee).bind_id_or_null(5, role);
            insert.bind_text_or_null(6, x.valid_from).bind_text_or_null(7, x.valid_to);
            VASTUU_TRY(step_done(db_, insert, "importing responsibilities"));
            insert.reset();
            int64_t id = sqlite3_last_insert_rowid(db_);
            used.insert(id);
            candidates.push_back(Existing{id, role, x.valid_to, true});
            created("responsibility");
        }
        return {};
    }

    sqlite3* db_;
    const ImportPlan& plan_;
    ImportReport& report_;
    std::unordered_map<std::string, std::vector<int64_t>> team_ids_, role_ids_, group_ids_, special_ids_;
    std::unordered_map<std::string, std::vector<int64_t>> employee_emails_, employee_names_;
    std::unordered_map<int64_t, int64_t> customer_ids_;        // number -> id
    std::unordered_map<std::string, int64_t> project_ids_;     // "customer id|number" -> id
};

ImportReport new_report(const ImportPlan& plan) {
    ImportReport report;
    report.kind = plan.kind;
    report.rows = plan.rows;
    report.errors = plan.errors;
    report.warnings = plan.warnings;
    return report;
}

}  // namespace

Result<ImportReport> apply_plan(sqlite3* db, const ImportPlan& plan) {
    ImportReport report = new_report(plan);
    if (!report.errors.empty())
        return Error{"import.invalid", tr_format("error.import.invalid", {std::to_string(report.errors.size()),
                                                                          report.errors.front().message}), ""};
    PlanRunner runner(db, plan, report);
    VASTUU_TRY(runner.run());
    if (!report.errors.empty()) {
        const ImportIssue& first = report.errors.front();
        const char* code = report.total.conflicts ? "import.conflict" : "import.invalid";
        return Error{code, tr_format("error.import.invalid", {std::to_string(report.errors.size()), first.message}), ""};
    }
    return report;
}

Result<ImportReport> preview_import(sqlite3* db, const ImportPlan& plan) {
    ImportReport report = new_report(plan);
    // Always rolled back. Inside the caller's transaction a savepoint; outside one a transaction of
    // its own, because releasing a savepoint there commits, which bumps the file's change counter:
    // the data would be the same but not the bytes.
    const bool own_transaction = sqlite3_get_autocommit(db) != 0;
    VASTUU_TRY(exec(db, own_transaction ? "BEGIN" : "SAVEPOINT vastuu_import_preview"));
    PlanRunner runner(db, plan, report);
    Status status = runner.run();
    Status rolled_back = exec(db, own_transaction ? "ROLLBACK"
                                                  : "ROLLBACK TO vastuu_import_preview; RELEASE vastuu_import_preview");
    if (!rolled_back.ok()) return rolled_back.error();
    if (!status.ok()) return status.error();
    return report;
}

// ---------------------------------------------------------------------------------------------
// ---------------------------------------------------------------------------------------------
// [SECTION] Reports
// ---------------------------------------------------------------------------------------------

namespace {

json counts_json(const ImportCounts& c) {
    return json{{"created", c.created}, {"updated", c.updated}, {"unchanged", c.unchanged}, {"conflicts", c.conflicts}};
}

json issues_json(const std::vector<ImportIssue>& issues) {
    json out = json::array();
    for (const ImportIssue& i : issues)
        out.push_back(json{{"line", i.line}, {"path", i.path}, {"code", i.code}, {"message", i.message}});
    return out;
}

}  // namespace

json report_json(const ImportReport& report) {
    json tables = json::object();
    for (const auto& t : report.tables) tables[t.first] = counts_json(t.second);
    json out = counts_json(report.total);
    out["kind"] = import_kind_name(report.kind);
    out["rows"] = report.rows;
    out["can_apply"] = report.can_apply();
    out["tables"] = std::move(tables);
    out["errors"] = issues_json(report.errors);
    out["warnings"] = issues_json(report.warnings);
    return out;
}

}  // namespace vastuu
