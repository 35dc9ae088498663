// The "+" of a matrix row in By role mode: pick an employee and a role of the row's kind (customer
// roles on customers, project roles on projects), sent as responsibility.assign_role.
#include <imgui.h>

#include <cfloat>

#include "app.h"
#include "dialog_frame.h"
#include "item_hooks.h"
#include "core/text.h"
#include "view_matrix.h"

namespace vastuu::ui {

void open_assign_role_dialog(MatrixView& v, long row) {
    const ResponsibilityMatrix& m = v.model;
    if (row < 0 || size_t(row) >= m.row_count()) return;
    AssignRoleDialog& d = v.assign;
    d = AssignRoleDialog{};
    d.customer = m.row_customer(size_t(row));
    d.project = m.row_project(size_t(row));
    d.row_title = std::to_string(m.row_number(size_t(row))) + " " + std::string(m.row_customer_name(size_t(row)));
    if (d.project) d.row_title += " / " + std::string(m.row_project_number(size_t(row))) + " " + std::string(m.row_label(size_t(row)));
    // The cursor's column is the likely employee.
    if (v.grid.cursor_row == row && v.grid.cursor_col >= 0 && size_t(v.grid.cursor_col) < m.column_count())
        d.employee = m.column_employee(size_t(v.grid.cursor_col));
    d.open_request = true;
}

void draw_assign_role_dialog(App& app, MatrixView& v) {
    AssignRoleDialog& d = v.assign;
    const float s = app.scale();
    if (d.open_request) {
        ImGui::OpenPopup("###assign_role");
        d.open_request = false;
    }
    std::string title = std::string(tr("assign_role.title")) + "###assign_role";
    if (!begin_dialog(title.c_str(), 460 * s)) return;

    ImGui::TextUnformatted(d.row_title.c_str());
    note_visible_text(d.row_title);
    ImGui::Spacing();

    // Employee: type to filter, pick from a clipped list.
    field_label(tr("assign_role.employee"));
    if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
    ImGui::SetNextItemWidth(-FLT_MIN);
    ImGui::InputTextWithHint("###assign_role.search", tr("matrix.type_to_filter"), d.employee_search,
                             sizeof(d.employee_search));
    std::string needle = fold_for_search(trim(d.employee_search));
    std::vector<const Employee*> shown;
    for (const Employee& e : v.employees)
        if (!e.archived && (needle.empty() || fold_for_search(e.name).find(needle) != std::string::npos))
            shown.push_back(&e);
    if (ImGui::BeginChild("###assign_role.employees", ImVec2(0, 180 * s), ImGuiChildFlags_Border)) {
        ImGuiListClipper clipper;
        clipper.Begin(static_cast<int>(shown.size()));
        while (clipper.Step())
            for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
                const Employee& e = *shown[size_t(i)];
                std::string label = e.name + "###assign_role.employee." + std::to_string(e.id.value);
                if (ImGui::Selectable(label.c_str(), e.id == d.employee)) d.employee = e.id;
            }
    }
    ImGui::EndChild();
    field_error(d.error, "employee_id");

    // Role: only the kind that fits the row.
    ImGui::Spacing();
    field_label(tr(d.project ? "assign_role.project_role" : "assign_role.customer_role"));
    const RoleKind kind = d.project ? RoleKind::Project : RoleKind::Customer;
    bool any_role = false;
    for (const Role& r : v.roles) {
        if (r.kind != kind) continue;
        any_role = true;
        std::string label = (r.code.empty() ? r.name : r.code + "  " + r.name) + "###assign_role.role." +
                            std::to_string(r.id.value);
        if (ImGui::RadioButton(label.c_str(), r.id == d.role)) d.role = r.id;
    }
    if (!any_role) {
        ImGui::TextColored(palette().muted, "%s", tr("assign_role.no_roles"));
        note_visible_text(tr("assign_role.no_roles"));
    }
    field_error(d.error, "role_id");
    form_error(d.error, {"employee_id", "role_id"});

    dialog_footer();
    ImGui::Spacing();
    ImGui::Separator();
    ImGui::Spacing();
    const auto [cancel, save] = dialog_buttons("assign_role", s, "assign_role.assign", d.employee && d.role);
    if (cancel) {
        ImGui::CloseCurrentPopup();
    } else if (save) {
        nlohmann::json cmd = {{"cmd", "responsibility.assign_role"},
                              {"employee_id", d.employee.value},
                              {"role_id", d.role.value}};
        if (d.project)
            cmd["project_id"] = d.project.value;
        else
            cmd["customer_id"] = d.customer.value;
        auto r = app.run_command(cmd);
        if (r) {
            app.show_message(tr("assign_role.done"));
            ImGui::CloseCurrentPopup();
        } else {
            d.error = r.error();
        }
    }
    end_dialog();
}

}  // namespace vastuu::ui
