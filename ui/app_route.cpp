// The app's place as a URL fragment (App::route, App::open_route): the view, its main filters and an
// open card, so that Back and Forward move between places, and a reload or a pasted link opens the
// same one. The platform keeps it in the address bar (web/pre.js: a new history entry when the view
// or the card changes, the same entry updated when only a filter does).
//
//   #/customers?q=oy&archived=1&group=none        #/matrix/project/45?rows=projects&q=tili
//   #/persons?employee=12&as_of=2026-12-31         #/groups   #/special-groups   #/employees?archived=1
//   #/changes?who=Aino%20Evans&from=2026-11-01&to=2026-11-30&customer=12
//
// Unknown views or parameters are ignored (an old link still opens what it can).
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>

#include "app.h"
#include "date_field.h"

namespace vastuu::ui {
namespace {

struct ViewName {
    View view;
    const char* name;
};
constexpr ViewName kViewNames[] = {{View::Customers, "customers"}, {View::Employees, "employees"},
                                   {View::Matrix, "matrix"},       {View::Groups, "groups"},
                                   {View::SpecialGroups, "special-groups"}, {View::Persons, "persons"},
                                   {View::Changes, "changes"}};

std::string encode(const std::string& s) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            out += char(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

std::string decode(const std::string& s) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size()) {
            char buf[3] = {s[i + 1], s[i + 2], 0};
            out += char(std::strtol(buf, nullptr, 16));
            i += 2;
        } else {
            out += s[i] == '+' ? ' ' : s[i];
        }
    }
    return out;
}

class Query {
public:
    void add(const char* key, const std::string& value) {
        if (value.empty()) return;
        text_ += (text_.empty() ? "?" : "&") + std::string(key) + "=" + encode(value);
    }
    void flag(const char* key, bool on) {
        if (on) add(key, "1");
    }
    void id(const char* key, int64_t value) {
        if (value) add(key, std::to_string(value));
    }
    const std::string& text() const { return text_; }

private:
    std::string text_;
};

std::map<std::string, std::string> parse_query(const std::string& q) {
    std::map<std::string, std::string> out;
    size_t i = 0;
    while (i < q.size()) {
        size_t amp = q.find('&', i);
        if (amp == std::string::npos) amp = q.size();
        std::string part = q.substr(i, amp - i);
        size_t eq = part.find('=');
        if (eq != std::string::npos) out[decode(part.substr(0, eq))] = decode(part.substr(eq + 1));
        i = amp + 1;
    }
    return out;
}

int64_t number(const std::map<std::string, std::string>& q, const char* key) {
    auto it = q.find(key);
    return it == q.end() ? 0 : std::strtoll(it->second.c_str(), nullptr, 10);
}
bool flag(const std::map<std::string, std::string>& q, const char* key) {
    auto it = q.find(key);
    return it != q.end() && it->second == "1";
}
void copy_to(char* dst, size_t size, const std::map<std::string, std::string>& q, const char* key) {
    auto it = q.find(key);
    std::snprintf(dst, size, "%s", it == q.end() ? "" : it->second.c_str());
}

// "none", an id, or nothing: a group filter of three kinds.
template <class Kind>
std::string group_value(Kind kind, Kind none, Kind one, int64_t id) {
    if (kind == none) return "none";
    if (kind == one && id) return std::to_string(id);
    return "";
}
template <class Kind, class GroupId>
void read_group(const std::map<std::string, std::string>& q, Kind& kind, GroupId& group, Kind all, Kind none,
                Kind one) {
    auto it = q.find("group");
    kind = all;
    group = GroupId();
    if (it == q.end()) return;
    if (it->second == "none") {
        kind = none;
    } else if (int64_t id = std::strtoll(it->second.c_str(), nullptr, 10)) {
        kind = one;
        group = GroupId(id);
    }
}

}  // namespace

std::string App::route() const {
    std::string path = "#/";
    for (const ViewName& v : kViewNames)
        if (v.view == view_) path += v.name;
    if (card_.project)
        path += "/project/" + std::to_string(card_.project.value);
    else if (card_.customer)
        path += "/customer/" + std::to_string(card_.customer.value);
    Query q;
    switch (view_) {
        case View::Customers:
            q.add("q", customers_.search);
            q.flag("archived", customers_.show_archived);
            q.add("group", group_value(customers_.group_kind, GroupFilterKind::NoGroup, GroupFilterKind::Group,
                                       customers_.group.value));
            q.id("special", customers_.specials.filter.value);
            break;
        case View::Employees:
            q.flag("archived", employees_.show_archived);
            break;
        case View::Matrix:
            q.add("rows", matrix_.projects ? "projects" : "");
            q.flag("by_role", matrix_.by_role);
            q.add("q", matrix_.search);
            q.add("group", group_value(matrix_.group_kind, MatrixGroupKind::NoGroup, MatrixGroupKind::Group,
                                       matrix_.group.value));
            q.id("special", matrix_.special_group.value);
            q.id("team", matrix_.team.value);
            q.id("employee", matrix_.employee.value);
            q.id("salesperson", matrix_.salesperson.value);
            q.id("role", matrix_.role.value);
            q.flag("archived", matrix_.show_archived);
            q.flag("uncovered", matrix_.uncovered);
            break;
        case View::Persons:
            q.add("q", persons_.search);
            q.id("employee", persons_.employee.value);
            q.add("group", group_value(persons_.group_kind, PersonsGroupKind::NoGroup, PersonsGroupKind::Group,
                                       persons_.group.value));
            q.id("special", persons_.special_group.value);
            q.flag("archived", persons_.show_archived);
            q.flag("projects", persons_.show_projects);
            q.add("as_of", typed_date(persons_.as_of, engine_ ? engine_->today() : std::string()));  // ISO in links
            if (persons_.ending != PersonsEnding::Any) {
                q.id("ending", static_cast<int64_t>(persons_.ending));
                q.id("days", persons_.ending_days);
            }
            break;
        case View::Changes:
            q.add("who", changes_.who);
            q.add("from", changes_.from);
            q.add("to", changes_.to);
            q.id("customer", changes_.customer.value);
            q.add("q", changes_.search);
            break;
        case View::Groups:
        case View::SpecialGroups:
            break;
    }
    return path + q.text();
}

void App::open_route(const std::string& route) {
    std::string r = route;
    if (!r.empty() && r[0] == '#') r.erase(0, 1);
    if (!r.empty() && r[0] == '/') r.erase(0, 1);
    const size_t qmark = r.find('?');
    const std::string path = r.substr(0, qmark);
    const auto q = parse_query(qmark == std::string::npos ? "" : r.substr(qmark + 1));
    const size_t slash = path.find('/');
    const std::string view_name = path.substr(0, slash);
    bool known = false;
    for (const ViewName& v : kViewNames)
        if (view_name == v.name) {
            view_ = v.view;
            known = true;
        }
    if (!known) return;  // not one of ours: stay where we are
    switch (view_) {
        case View::Customers:
            copy_to(customers_.search, sizeof customers_.search, q, "q");
            customers_.show_archived = flag(q, "archived");
            read_group(q, customers_.group_kind, customers_.group, GroupFilterKind::All, GroupFilterKind::NoGroup,
                       GroupFilterKind::Group);
            customers_.specials.filter = SpecialGroupId(number(q, "special"));
            break;
        case View::Employees:
            employees_.show_archived = flag(q, "archived");
            break;
        case View::Matrix:
            matrix_.projects = q.count("rows") && q.at("rows") == "projects";
            matrix_.by_role = flag(q, "by_role");
            copy_to(matrix_.search, sizeof matrix_.search, q, "q");
            read_group(q, matrix_.group_kind, matrix_.group, MatrixGroupKind::All, MatrixGroupKind::NoGroup,
                       MatrixGroupKind::Group);
            matrix_.special_group = SpecialGroupId(number(q, "special"));
            matrix_.team = TeamId(number(q, "team"));
            matrix_.employee = EmployeeId(number(q, "employee"));
            matrix_.salesperson = EmployeeId(number(q, "salesperson"));
            matrix_.role = RoleId(number(q, "role"));
            matrix_.show_archived = flag(q, "archived");
            matrix_.uncovered = flag(q, "uncovered");
            break;
        case View::Persons:
            copy_to(persons_.search, sizeof persons_.search, q, "q");
            persons_.employee = EmployeeId(number(q, "employee"));
            read_group(q, persons_.group_kind, persons_.group, PersonsGroupKind::All, PersonsGroupKind::NoGroup,
                       PersonsGroupKind::Group);
            persons_.special_group = SpecialGroupId(number(q, "special"));
            persons_.show_archived = flag(q, "archived");
            persons_.show_projects = flag(q, "projects");
            copy_to(persons_.as_of, sizeof persons_.as_of, q, "as_of");
            std::snprintf(persons_.as_of, sizeof persons_.as_of, "%s", shown_date(std::string(persons_.as_of)).c_str());
            {
                int64_t ending = number(q, "ending");
                persons_.ending = ending >= 1 && ending <= 3 ? static_cast<PersonsEnding>(ending) : PersonsEnding::Any;
                if (int64_t days = number(q, "days"); days > 0) persons_.ending_days = static_cast<int>(days);
            }
            break;
        case View::Changes:
            changes_.who = q.count("who") ? q.at("who") : std::string();
            copy_to(changes_.from, sizeof changes_.from, q, "from");
            copy_to(changes_.to, sizeof changes_.to, q, "to");
            changes_.customer = CustomerId(number(q, "customer"));
            changes_.customer_name.clear();  // the view reads it for the id
            copy_to(changes_.search, sizeof changes_.search, q, "q");
            break;
        case View::Groups:
        case View::SpecialGroups:
            break;
    }
    // The card: open the one named, or close an open one.
    CustomerId customer;
    ProjectId project;
    if (slash != std::string::npos) {
        const std::string rest = path.substr(slash + 1);
        const size_t s2 = rest.find('/');
        const std::string kind = rest.substr(0, s2);
        const int64_t id = s2 == std::string::npos ? 0 : std::strtoll(rest.c_str() + s2 + 1, nullptr, 10);
        if (kind == "customer" && id > 0) customer = CustomerId(id);
        if (kind == "project" && id > 0) project = ProjectId(id);
    }
    if (customer != card_.customer || project != card_.project) {
        card_request_ = CardRequest{customer, project};  // both empty: the card closes
        card_request_pending_ = true;
    }
    platform_.request_redraw();
}

}  // namespace vastuu::ui
