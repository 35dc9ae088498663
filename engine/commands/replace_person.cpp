// Commands of the persons-in-charge listing: the replace tool (issue 5). "Move X's responsibilities
// to Y from day D" ends X's rows the day before D and starts Y's on D, so the history shows who was
// in charge when. The selection is preview_replace()'s (persons_in_charge.cpp): what the preview
// lists is exactly what the command changes. Registered in Engine::execute().
#include <string>

#include "commands/command_context.h"
#include "commands/registry.h"
#include "core/dates.h"
#include "core/i18n.h"
#include "models/persons_in_charge.h"

namespace vastuu {
namespace {

using json = nlohmann::json;

json customers_json(const ReplacePreview& preview) {
    json list = json::array();
    for (const auto& c : preview.customers) list.push_back({{"id", c.id.value}, {"number", c.number}, {"name", c.name}});
    return list;
}

// {from_employee_id, to_employee_id, from_date, group_id?, role_id?, preview?}. With preview: true
// nothing changes and the answer is {"ok", "count", "customers"} (count 0 when nothing matches).
// Otherwise every selected row of X, in one transaction (one undo step):
//   - starts before D (or has no start): ends on D - 1, and Y gets the same target and role from
//     D to X's old end;
//   - starts on or after D: becomes Y's (an interval that would have no days before D is not history).
// Y gets no second row where Y already holds the same target and role for part of that interval:
// then X's row only ends (or, when it lies wholly after D, goes).
Result<json> responsibility_replace(CommandContext& c) {
    int64_t from = 0, to = 0, group = 0, role = 0;
    bool preview_only = false;
    VASTUU_TRY(read_integer(c.args, "from_employee_id", true, from));
    VASTUU_TRY(read_integer(c.args, "to_employee_id", true, to));
    VASTUU_TRY(read_integer(c.args, "group_id", false, group));
    VASTUU_TRY(read_integer(c.args, "role_id", false, role));
    VASTUU_TRY(read_bool(c.args, "preview", preview_only));
    auto date = c.args.find("from_date");
    if (date == c.args.end() || date->is_null()) return missing_argument("from_date");
    if (!date->is_string()) return bad_argument("from_date", "type.date");

    ReplaceRequest request{EmployeeId(from), EmployeeId(to), date->get<std::string>(), CustomerGroupId(group),
                           RoleId(role)};
    auto selected = preview_replace(c.db, request);
    if (!selected.ok()) return selected.error();
    const ReplacePreview& preview = selected.value();
    if (preview_only) return json{{"ok", true}, {"count", preview.count}, {"customers", customers_json(preview)}};

    auto employee_name = [&](int64_t id) {
        Stmt st(c.db, "SELECT name FROM employee WHERE id = ?1");
        st.bind(1, id);
        return st.row() ? st.text(0) : std::string();
    };
    if (preview.count == 0)
        return Error{"replace.nothing", tr_format("error.replace.nothing", {employee_name(from), request.from_date}),
                     "from_employee_id"};

    const std::string& d = request.from_date;
    const std::string day_before = iso_day(*day_number(d) - 1);  // valid: preview_replace() refuses the first day
    Stmt read(c.db, "SELECT ifnull(customer_id, 0), ifnull(project_id, 0), role_id, ifnull(valid_from, ''), "
                    "ifnull(valid_to, '') FROM responsibility WHERE id = ?1");
    // Y's overlapping row of the same target and role: ?5 start, ?6 end ('' open).
    Stmt overlap(c.db, "SELECT 1 FROM responsibility WHERE employee_id = ?1 AND customer_id IS ?2 AND project_id IS ?3 "
                       "AND role_id IS ?4 AND (valid_from IS NULL OR ?6 = '' OR valid_from <= ?6) "
                       "AND (valid_to IS NULL OR valid_to >= ?5)");
    Stmt end(c.db, "UPDATE responsibility SET valid_to = ?1 WHERE id = ?2");
    Stmt hand_over(c.db, "UPDATE responsibility SET employee_id = ?1 WHERE id = ?2");
    Stmt remove(c.db, "DELETE FROM responsibility WHERE id = ?1");
    Stmt insert(c.db, "INSERT INTO responsibility (customer_id, project_id, employee_id, role_id, valid_from, valid_to) "
                      "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    int64_t ended = 0, moved = 0, added = 0;
    for (int64_t id : preview.responsibility_ids) {
        read.reset();
        read.bind(1, id);
        if (!read.row()) return sqlite_failure(c.db, "reading a responsibility");
        const int64_t customer = read.int64(0), project = read.int64(1);
        const bool has_role = !read.is_null(2);
        const int64_t role_id = read.int64(2);
        const std::string old_from = read.text(3), old_to = read.text(4);
        const bool starts_later = !old_from.empty() && old_from >= d;
        const std::string start = starts_later ? old_from : d;

        overlap.reset();
        overlap.bind(1, to).bind_id_or_null(2, customer).bind_id_or_null(3, project);
        if (has_role) overlap.bind(4, role_id);
        else overlap.bind_null(4);
        overlap.bind(5, start).bind(6, old_to);
        const bool y_has_it = overlap.row();

        if (starts_later) {
            Stmt& st = y_has_it ? remove : hand_over;
            st.reset();
            if (y_has_it) st.bind(1, id);
            else st.bind(1, to).bind(2, id);
            VASTUU_TRY(step_done(c.db, st, "handing over a responsibility"));
            ++moved;
            continue;
        }
        end.reset();
        end.bind(1, day_before).bind(2, id);
        VASTUU_TRY(step_done(c.db, end, "ending a responsibility"));
        ++ended;
        if (y_has_it) continue;
        insert.reset();
        insert.bind_id_or_null(1, customer).bind_id_or_null(2, project).bind(3, to);
        if (has_role) insert.bind(4, role_id);
        else insert.bind_null(4);
        insert.bind(5, d).bind_text_or_null(6, old_to);
        VASTUU_TRY(step_done(c.db, insert, "adding a responsibility"));
        ++added;
    }
    return json{{"ok", true},       {"count", preview.count}, {"ended", ended},
                {"moved", moved},   {"added", added},         {"customers", customers_json(preview)}};
}


}  // namespace

void register_replace_person_commands(CommandRegistry& r) {
    r.add({"responsibility.replace", responsibility_replace, "command.responsibility.replace", {"from_employee_id", "to_employee_id", "from_date", "group_id", "role_id", "preview"}, CommandAccess::AdminOnly});
}

}  // namespace vastuu
