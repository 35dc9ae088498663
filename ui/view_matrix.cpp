// The responsibilities matrix view around its grid: the toolbar (Customers/Projects, By role, roles,
// Excel export), the filter bar (combinable filters and the visible row and column counts) and the
// rule that keeps the in-memory model in step with the engine.
//
// [SECTION] Model sync
// [SECTION] Small widgets: wrapping bar, combos
// [SECTION] Toolbar and filter bar
// [SECTION] The view
#include <imgui.h>

#include <algorithm>
#include <cfloat>

#include "app.h"
#include "item_hooks.h"
#include "core/text.h"
#include "view_matrix.h"
#include "widgets.h"

namespace vastuu::ui {
namespace {


// A short text that names every filter field: the filter is re-applied only when it changes.
std::string matrix_filter_key(const MatrixView& v) {
    std::string k;
    k.reserve(96);
    k += v.projects ? 'P' : 'C';
    k += char('0' + int(v.group_kind));
    for (int64_t id : {v.group.value, v.special_group.value, v.team.value, v.employee.value, v.salesperson.value,
                       v.role.value}) {
        k += std::to_string(id);
        k += ',';
    }
    k += v.show_archived ? 'a' : '-';
    k += v.uncovered ? 'u' : '-';
    k += v.search;
    return k;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// [SECTION] Model sync
// ---------------------------------------------------------------------------------------------

MatrixFilter matrix_filter(const MatrixView& v) {
    MatrixFilter f;
    f.projects = v.projects;
    f.no_group = v.group_kind == MatrixGroupKind::NoGroup;
    if (v.group_kind == MatrixGroupKind::Group) f.group = v.group;
    f.special_group = v.special_group;
    f.team = v.team;
    f.employee = v.employee;
    f.salesperson = v.salesperson;
    f.role = v.role;
    f.search = v.search;
    f.include_archived = v.show_archived;
    f.uncovered_only = v.uncovered;
    return f;
}

std::string matrix_row_key(const ResponsibilityMatrix& model, size_t row) {
    ProjectId project = model.row_project(row);
    return project ? std::to_string(project.value) : std::to_string(model.row_number(row));
}

// The rule: a new engine (generation) or several commands since the last look -> load everything;
// exactly one command -> patch from its changed rows; the filter (or who is looking) changed ->
// apply it again. Loading reads the database; the rest is in memory.
void sync_matrix_model(App& app, MatrixView& v) {
    Engine& engine = *app.engine();
    const uint64_t revision = engine.revision();
    bool reload = !v.loaded || v.generation != app.generation();
    bool changed = false;
    if (!reload && revision != v.revision) {
        if (revision == v.revision + 1) {
            Status refreshed = v.model.refresh();
            if (!refreshed) reload = true;
        } else {
            reload = true;
        }
        changed = true;
    }
    if (reload) {
        Status loaded = v.model.load(engine);
        v.load_error = loaded ? Error{} : loaded.error();
        v.loaded = true;
        v.generation = app.generation();
        v.filter_key.clear();  // apply the view's filter below
    }
    v.revision = revision;

    std::string key = matrix_filter_key(v);
    // A salesperson's visible customers can change with any command, the administrator's cannot.
    bool visibility_changed = v.viewer != engine.viewer() || (changed && engine.viewer());
    if (key != v.filter_key || visibility_changed) {
        v.model.apply(matrix_filter(v));
        v.filter_key = std::move(key);
        v.viewer = engine.viewer();
        MatrixGridState& g = v.grid;
        if (g.cursor_row >= static_cast<long>(v.model.row_count())) g.cursor_row = long(v.model.row_count()) - 1;
        if (g.cursor_col >= static_cast<long>(v.model.column_count())) g.cursor_col = long(v.model.column_count()) - 1;
        g.detail_row = g.detail_col = -1;
    }
}

namespace {

void sync_lists(App& app, MatrixView& v) {
    std::string key = app.cache_key();
    if (key == v.lists_key) return;
    Engine& engine = *app.engine();
    v.groups = engine.list_customer_groups();
    v.special_groups = engine.list_special_groups();
    v.teams = engine.list_teams();
    v.employees = engine.list_employees(true);
    v.roles = engine.list_roles();
    v.roles_enabled = engine.roles_enabled();
    std::vector<int64_t> seen;
    v.salespersons.clear();
    for (const CustomerGroup& g : v.groups)
        for (Employee& e : engine.list_group_salespersons(g.id))
            if (std::find(seen.begin(), seen.end(), e.id.value) == seen.end()) {
                seen.push_back(e.id.value);
                v.salespersons.push_back(std::move(e));
            }
    std::sort(v.salespersons.begin(), v.salespersons.end(),
              [](const Employee& a, const Employee& b) { return compare_finnish(a.name, b.name) < 0; });
    if (!v.roles_enabled) {
        v.by_role = false;
        v.role = RoleId();
    }
    v.lists_key = key;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Small widgets: wrapping bar, combos
// ---------------------------------------------------------------------------------------------

// Places the next bar item on this line, or on the next one when `width` would not fit.
void bar_item(bool first, float width) {
    if (first) return;
    ImGui::SameLine();
    if (ImGui::GetCursorPosX() + width > ImGui::GetWindowContentRegionMax().x) ImGui::NewLine();
}

float checkbox_width(const char* text) {
    return ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x + ImGui::CalcTextSize(text).x;
}

// A combo of "any" plus `items` (id, name); `value` 0 is "any". Records `path` for automation.
template <class IdT, class Items, class NameOf, class IdOf>
bool id_combo(const char* path, float width, const char* any_key, IdT& value, const Items& items, NameOf name_of,
              IdOf id_of) {
    std::string preview = tr(any_key);
    for (const auto& item : items)
        if (id_of(item) == value.value) preview = name_of(item);
    ImVec2 pos = ImGui::GetCursorScreenPos();
    ImGui::SetNextItemWidth(width);
    bool changed = false;
    if (ImGui::BeginCombo((std::string("###") + path).c_str(), preview.c_str(), ImGuiComboFlags_HeightLarge)) {
        if (ImGui::Selectable((std::string(tr(any_key)) + "###" + path + ".any").c_str(), !value)) {
            value = IdT();
            changed = true;
        }
        for (const auto& item : items) {
            std::string label = name_of(item) + "###" + path + "." + std::to_string(id_of(item));
            if (ImGui::Selectable(label.c_str(), id_of(item) == value.value)) {
                value = IdT(id_of(item));
                changed = true;
            }
        }
        ImGui::EndCombo();
    }
    record_item(path, pos.x, pos.y, pos.x + width, pos.y + ImGui::GetFrameHeight());
    return changed;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Toolbar and filter bar
// ---------------------------------------------------------------------------------------------

void export_matrix(App& app, MatrixView& v) {
    auto bytes = v.model.export_xlsx();
    if (!bytes) {
        app.show_error(bytes.error());
        return;
    }
    app.download_xlsx(v.projects ? "file.matrix_projects" : "file.matrix_customers", bytes.value());
    app.show_message(tr("matrix.exported"));
}

void draw_toolbar(App& app, MatrixView& v) {
    const float s = app.scale();
    if (toggle_button(with_id("matrix.customers", "matrix.customers").c_str(), !v.projects, true)) v.projects = false;
    ImGui::SameLine(0, 4 * s);
    if (toggle_button(with_id("matrix.projects", "matrix.projects").c_str(), v.projects, true)) v.projects = true;
    if (v.roles_enabled) {
        ImGui::SameLine(0, 16 * s);
        if (toggle_button(with_id("matrix.by_role", "matrix.by_role").c_str(), v.by_role, true)) v.by_role = !v.by_role;
    }
    ImGui::SameLine(0, 16 * s);
    const bool may_edit_roles = may_run(app, "role.create");  // roles and their setting: the administrator's
    ImGui::BeginDisabled(!may_edit_roles);
    if (ImGui::Button(with_id("matrix.roles", "matrix.roles").c_str())) open_roles_dialog(v.roles_dialog);
    ImGui::EndDisabled();
    explain_admin_only(may_edit_roles);

    std::string export_label = with_id("matrix.export", "matrix.export");
    same_line_right(button_width(export_label.c_str()));
    if (ImGui::Button(export_label.c_str())) export_matrix(app, v);
}

void draw_filter_bar(App& app, MatrixView& v) {
    const float s = app.scale();
    const float combo_w = 170 * s;

    // Search (Ctrl+F).
    if (v.focus_search) {
        // Take the focus back from the grid first: ImGui 1.90.1 lands a focus request only in the
        // focused window's scope.
        ImGui::SetWindowFocus();
        ImGui::SetKeyboardFocusHere();
        v.focus_search = false;
    }
    ImGui::SetNextItemWidth(220 * s);
    ImGui::InputTextWithHint("###matrix.search", tr("matrix.search_hint"), v.search, sizeof(v.search));

    // Customer group, including "No group".
    bar_item(false, combo_w);
    {
        const char* path = "matrix.filter.group";
        std::string preview = tr("matrix.all_groups");
        if (v.group_kind == MatrixGroupKind::NoGroup) preview = tr("matrix.no_group");
        for (const CustomerGroup& g : v.groups)
            if (v.group_kind == MatrixGroupKind::Group && g.id == v.group) preview = g.name;
        ImVec2 pos = ImGui::GetCursorScreenPos();
        ImGui::SetNextItemWidth(combo_w);
        if (ImGui::BeginCombo("###matrix.filter.group", preview.c_str(), ImGuiComboFlags_HeightLarge)) {
            if (ImGui::Selectable(with_id("matrix.all_groups", "matrix.filter.group.any").c_str(),
                                  v.group_kind == MatrixGroupKind::All))
                v.group_kind = MatrixGroupKind::All;
            if (ImGui::Selectable(with_id("matrix.no_group", "matrix.filter.group.none").c_str(),
                                  v.group_kind == MatrixGroupKind::NoGroup))
                v.group_kind = MatrixGroupKind::NoGroup;
            for (const CustomerGroup& g : v.groups) {
                std::string label = g.name + "###matrix.filter.group." + std::to_string(g.id.value);
                if (ImGui::Selectable(label.c_str(), v.group_kind == MatrixGroupKind::Group && g.id == v.group)) {
                    v.group_kind = MatrixGroupKind::Group;
                    v.group = g.id;
                }
            }
            ImGui::EndCombo();
        }
        record_item(path, pos.x, pos.y, pos.x + combo_w, pos.y + ImGui::GetFrameHeight());
    }

    bar_item(false, combo_w);
    id_combo("matrix.filter.special_group", combo_w, "matrix.all_special_groups", v.special_group, v.special_groups,
             [](const SpecialGroup& g) { return g.name; }, [](const SpecialGroup& g) { return g.id.value; });
    bar_item(false, combo_w);
    id_combo("matrix.filter.team", combo_w, "matrix.all_teams", v.team, v.teams,
             [](const Team& t) { return t.name; }, [](const Team& t) { return t.id.value; });
    bar_item(false, combo_w);
    employee_combo("matrix.filter.employee", combo_w, "matrix.any_employee", v.employee, v.employees, v.combo_search,
                   sizeof(v.combo_search));
    bar_item(false, combo_w);
    employee_combo("matrix.filter.salesperson", combo_w, "matrix.any_salesperson", v.salesperson, v.salespersons,
                   v.combo_search, sizeof(v.combo_search));
    if (v.roles_enabled) {
        bar_item(false, combo_w);
        id_combo("matrix.filter.role", combo_w, "matrix.any_role", v.role, v.roles,
                 [](const Role& r) { return r.code.empty() ? r.name : r.code + "  " + r.name; },
                 [](const Role& r) { return r.id.value; });
    }
    bar_item(false, checkbox_width(tr("matrix.show_archived")));
    ImGui::Checkbox(with_id("matrix.show_archived", "matrix.filter.archived").c_str(), &v.show_archived);
    bar_item(false, checkbox_width(tr("matrix.uncovered")));
    ImGui::Checkbox(with_id("matrix.uncovered", "matrix.filter.uncovered").c_str(), &v.uncovered);
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_DelayShort)) ImGui::SetTooltip("%s", tr("matrix.uncovered_tip"));

    bool any = v.group_kind != MatrixGroupKind::All || v.special_group || v.team || v.employee || v.salesperson ||
               v.role || v.search[0] || v.show_archived || v.uncovered;
    if (any) {
        bar_item(false, ImGui::CalcTextSize(tr("matrix.clear_filters")).x + 2 * ImGui::GetStyle().FramePadding.x);
        if (ImGui::Button(with_id("matrix.clear_filters", "matrix.filter.clear").c_str())) {
            bool projects = v.projects, by_role = v.by_role;
            v.group_kind = MatrixGroupKind::All;
            v.group = CustomerGroupId();
            v.special_group = SpecialGroupId();
            v.team = TeamId();
            v.employee = v.salesperson = EmployeeId();
            v.role = RoleId();
            v.search[0] = 0;
            v.show_archived = v.uncovered = false;
            v.projects = projects;
            v.by_role = by_role;
        }
    }

    std::string shown = tr_count(v.projects ? "matrix.shown_projects" : "matrix.shown_customers",
                                 (long long)v.model.row_count(),
                                 {std::to_string(v.model.row_count()), std::to_string(v.model.column_count())});
    bar_item(false, ImGui::CalcTextSize(shown.c_str()).x);
    ImGui::AlignTextToFramePadding();
    ImGui::TextColored(palette().muted, "%s", shown.c_str());
    record_last_item("matrix.count");
    note_visible_text(shown);
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// [SECTION] The view
// ---------------------------------------------------------------------------------------------

void draw_matrix_view(App& app, MatrixView& v) {
    if (!app.engine()) return;
    sync_lists(app, v);

    // Ctrl+F goes to the search field (undo and redo are the App's: see App::handle_shortcuts).
    ImGuiIO& io = ImGui::GetIO();
    if ((io.KeyCtrl || io.KeySuper) && ImGui::IsKeyPressed(ImGuiKey_F, false) &&
        !ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId | ImGuiPopupFlags_AnyPopupLevel))
        v.focus_search = true;

    draw_toolbar(app, v);
    draw_filter_bar(app, v);
    // The filter as just edited, so the grid never draws a frame with stale rows.
    sync_matrix_model(app, v);

    if (!v.load_error.code.empty()) {
        ImGui::TextColored(palette().error, "%s", v.load_error.message.c_str());
        note_visible_text(v.load_error.message);
    }
    ImGui::Spacing();
    ImVec2 avail = ImGui::GetContentRegionAvail();
    draw_matrix_grid(app, v, avail.x, avail.y);

    draw_assign_role_dialog(app, v);
    draw_roles_dialog(app, v);
    draw_interval_dialog(app, v.interval);
}

}  // namespace vastuu::ui
