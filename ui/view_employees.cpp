// The Employees view: the employee table (name, e-mail, team, seller information, archived; a click
// opens the edit dialog), show-archived, "+ Employee" and "+ Team".
#include <imgui.h>

#include <algorithm>
#include <unordered_map>

#include "app.h"
#include "item_hooks.h"
#include "core/text.h"
#include "views.h"
#include "widgets.h"

namespace vastuu::ui {
namespace {


void sort_employees(std::vector<Employee>& rows, int column, bool ascending,
                    const std::unordered_map<int64_t, std::string>& team_names) {
    auto team_name = [&](const Employee& e) -> const std::string& {
        static const std::string none;
        auto it = team_names.find(e.team.value);
        return it == team_names.end() ? none : it->second;
    };
    std::stable_sort(rows.begin(), rows.end(), [&](const Employee& a, const Employee& b) {
        int d = 0;
        switch (column) {
            case 1: d = compare_finnish(a.email, b.email); break;
            case 2: d = compare_finnish(team_name(a), team_name(b)); break;
            case 3: d = compare_finnish(a.seller_info, b.seller_info); break;
            case 4: d = int(a.archived) - int(b.archived); break;
            default: break;
        }
        if (d == 0) d = compare_finnish(a.name, b.name);
        if (d == 0) d = a.id < b.id ? -1 : (b.id < a.id ? 1 : 0);
        return ascending ? d < 0 : d > 0;
    });
}

// Seller information can hold several lines: the table shows the first.
std::string first_line(const std::string& s) {
    size_t nl = s.find('\n');
    return nl == std::string::npos ? s : s.substr(0, nl) + " …";
}

}  // namespace

void draw_employees_view(App& app, EmployeesView& view) {
    Engine& engine = *app.engine();
    const float s = app.scale();
    const ImGuiStyle& style = ImGui::GetStyle();

    auto make_key = [&] {
        return app.cache_key() + "|" + std::to_string(view.show_archived) + "|" + std::to_string(view.sort_column) +
               std::to_string(view.sort_ascending);
    };
    std::unordered_map<int64_t, std::string> team_names;
    std::string key = make_key();
    if (key != view.cache_key) {
        view.teams = engine.list_teams();
        for (const Team& t : view.teams) team_names[t.id.value] = t.name;
        view.rows = engine.list_employees(view.show_archived);
        sort_employees(view.rows, view.sort_column, view.sort_ascending, team_names);
        view.cache_key = key;
    } else {
        for (const Team& t : view.teams) team_names[t.id.value] = t.name;
    }

    // Toolbar.
    ImGui::AlignTextToFramePadding();
    ImGui::Checkbox(with_id("employees.show_archived", "employees.show_archived").c_str(), &view.show_archived);
    same_line_right(ImGui::CalcTextSize(tr("employees.add_team")).x + ImGui::CalcTextSize(tr("employees.add")).x +
                    style.FramePadding.x * 4 + style.ItemSpacing.x);
    // The firm's people and teams are the administrator's (the engine's rule: sync::may_run).
    const bool may_add_team = may_run(app, "team.create"), may_add = may_run(app, "employee.create");
    ImGui::BeginDisabled(!may_add_team);
    if (ImGui::Button(with_id("employees.add_team", "employees.add_team").c_str()))
        open_team_dialog(view.team_dialog);
    ImGui::EndDisabled();
    explain_admin_only(may_add_team);
    ImGui::SameLine();
    ImGui::BeginDisabled(!may_add);
    if (primary_button(with_id("employees.add", "employees.add").c_str())) open_new_employee_dialog(view.dialog);
    ImGui::EndDisabled();
    explain_admin_only(may_add);

    ImGui::Spacing();
    ImGui::TextColored(palette().muted, "%s",
                       tr_count("employees.shown", (long long)view.rows.size(), {std::to_string(view.rows.size()),
                                                     std::to_string(view.teams.size())})
                           .c_str());
    record_last_item("employees.count");

    ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter | ImGuiTableFlags_BordersInnerH |
                            ImGuiTableFlags_ScrollY | ImGuiTableFlags_Sortable | ImGuiTableFlags_Resizable |
                            ImGuiTableFlags_SizingStretchProp;
    ImVec2 avail = ImGui::GetContentRegionAvail();
    if (ImGui::BeginTable("###employees.table", 5, flags, ImVec2(0, avail.y))) {
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn(with_id("employees.col.name", "col.name").c_str(),
                                ImGuiTableColumnFlags_WidthStretch | ImGuiTableColumnFlags_DefaultSort, 2.0f);
        ImGui::TableSetupColumn(with_id("employees.col.email", "col.email").c_str(),
                                ImGuiTableColumnFlags_WidthStretch, 2.2f);
        ImGui::TableSetupColumn(with_id("employees.col.team", "col.team").c_str(), ImGuiTableColumnFlags_WidthStretch,
                                1.3f);
        ImGui::TableSetupColumn(with_id("employees.col.seller_info", "col.seller_info").c_str(),
                                ImGuiTableColumnFlags_WidthStretch, 2.0f);
        ImGui::TableSetupColumn(with_id("employees.col.status", "col.status").c_str(),
                                ImGuiTableColumnFlags_WidthFixed, 110 * s);
        table_headers_row();

        if (ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs(); specs && specs->SpecsDirty) {
            if (specs->SpecsCount > 0) {
                view.sort_column = specs->Specs[0].ColumnIndex;
                view.sort_ascending = specs->Specs[0].SortDirection != ImGuiSortDirection_Descending;
                sort_employees(view.rows, view.sort_column, view.sort_ascending, team_names);
                view.cache_key = make_key();
            }
            specs->SpecsDirty = false;
        }

        const float row_h = ImGui::GetTextLineHeight() + style.CellPadding.y * 2;
        ImGuiListClipper clipper;
        clipper.Begin(static_cast<int>(view.rows.size()), row_h);
        const Employee* clicked = nullptr;
        while (clipper.Step()) {
            for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
                const Employee& e = view.rows[i];
                ImGui::TableNextRow(ImGuiTableRowFlags_None, row_h);
                ImGui::TableSetColumnIndex(0);
                if (e.archived) ImGui::PushStyleColor(ImGuiCol_Text, palette().muted);
                std::string label = e.name + "###employees.row." + std::to_string(e.id.value);
                if (ImGui::Selectable(label.c_str(), false,
                                      ImGuiSelectableFlags_SpanAllColumns))
                    clicked = &e;
                if (e.archived) ImGui::PopStyleColor();
                note_visible_text(e.name);
                ImGui::TableSetColumnIndex(1);
                cell_text(e.email, true);
                ImGui::TableSetColumnIndex(2);
                auto it = team_names.find(e.team.value);
                if (it != team_names.end())
                    cell_text(it->second, e.archived);
                else
                    cell_text(tr("employees.no_team"), true);
                ImGui::TableSetColumnIndex(3);
                cell_text(first_line(e.seller_info), e.archived);
                ImGui::TableSetColumnIndex(4);
                if (e.archived) cell_text(tr("customers.archived"), true);
            }
        }
        if (clicked && may_run(app, "employee.update")) open_edit_employee_dialog(view.dialog, *clicked);
        ImGui::EndTable();
    }

    draw_employee_dialog(app, view.dialog, view.teams);
    draw_team_dialog(app, view.team_dialog);
}

}  // namespace vastuu::ui
