// Role management for the matrix: switch roles on or off (setting roles_enabled), add a role
// (name, optional short code, customer or project kind), rename or re-code one, delete one (its
// responsibilities stay, without the role). Every change is a command, so each can be undone.
#include <imgui.h>

#include <cfloat>
#include <cstring>

#include "app.h"
#include "dialog_frame.h"
#include "item_hooks.h"
#include "view_matrix.h"
#include "widgets.h"

namespace vastuu::ui {
namespace {


void copy_text(char* out, size_t size, const std::string& text) {
    std::snprintf(out, size, "%s", text.c_str());
}

}  // namespace

void open_roles_dialog(RolesDialog& d) {
    d = RolesDialog{};
    d.open_request = true;
}

void draw_roles_dialog(App& app, MatrixView& v) {
    RolesDialog& d = v.roles_dialog;
    const float s = app.scale();
    if (d.open_request) {
        ImGui::OpenPopup("###roles_dialog");
        d.open_request = false;
    }
    std::string title = std::string(tr("roles_dialog.title")) + "###roles_dialog";
    if (!begin_dialog(title.c_str(), 600 * s)) return;

    auto run = [&](const nlohmann::json& cmd) {
        auto r = app.run_command(cmd);
        d.error = r ? Error{} : r.error();
        return static_cast<bool>(r);
    };

    bool enabled = v.roles_enabled;
    if (ImGui::Checkbox(with_id("roles_dialog.enabled", "roles_dialog.enabled").c_str(), &enabled)) {
        if (run({{"cmd", "setting.set"}, {"key", "roles_enabled"}, {"value", enabled ? "1" : "0"}}))
            v.roles_enabled = enabled;  // the lists re-read it on the next frame too
    }
    ImGui::PushStyleColor(ImGuiCol_Text, palette().muted);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(tr("roles_dialog.intro"));
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
    ImGui::Spacing();

    // The roles, customer roles first.
    ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollY;
    if (ImGui::BeginTable("###roles_dialog.table", 4, flags, ImVec2(0, 220 * s))) {
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn(with_id("roles_dialog.kind", "roles_dialog.col.kind").c_str(),
                                ImGuiTableColumnFlags_WidthFixed, 110 * s);
        ImGui::TableSetupColumn(with_id("roles_dialog.code", "roles_dialog.col.code").c_str(),
                                ImGuiTableColumnFlags_WidthFixed, 70 * s);
        ImGui::TableSetupColumn(with_id("roles_dialog.name", "roles_dialog.col.name").c_str(),
                                ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableSetupColumn("###roles_dialog.col.actions", ImGuiTableColumnFlags_WidthFixed, 170 * s);
        ImGui::TableHeadersRow();
        for (int pass = 0; pass < 2; ++pass) {
            for (const Role& r : v.roles) {
                if ((r.kind == RoleKind::Project) != (pass == 1)) continue;
                const std::string id = std::to_string(r.id.value);
                ImGui::PushID(id.c_str());
                ImGui::TableNextRow();
                ImGui::TableSetColumnIndex(0);
                cell_text(tr(r.kind == RoleKind::Project ? "roles_dialog.kind_project" : "roles_dialog.kind_customer"),
                          true);
                if (d.editing == r.id) {
                    ImGui::TableSetColumnIndex(1);
                    ImGui::SetNextItemWidth(-FLT_MIN);
                    ImGui::InputText(("###roles_dialog.edit_code." + id).c_str(), d.edit_code, sizeof(d.edit_code));
                    ImGui::TableSetColumnIndex(2);
                    ImGui::SetNextItemWidth(-FLT_MIN);
                    ImGui::InputText(("###roles_dialog.edit_name." + id).c_str(), d.edit_name, sizeof(d.edit_name));
                    ImGui::TableSetColumnIndex(3);
                    if (ImGui::SmallButton(with_id("dialog.save", "roles_dialog.save." + id).c_str()) &&
                        run({{"cmd", "role.update"}, {"id", r.id.value}, {"name", d.edit_name}, {"code", d.edit_code}}))
                        d.editing = RoleId();
                    ImGui::SameLine();
                    if (ImGui::SmallButton(with_id("dialog.cancel", "roles_dialog.cancel_edit." + id).c_str()))
                        d.editing = RoleId();
                } else {
                    ImGui::TableSetColumnIndex(1);
                    cell_text(r.code);
                    ImGui::TableSetColumnIndex(2);
                    cell_text(r.name);
                    ImGui::TableSetColumnIndex(3);
                    if (ImGui::SmallButton(with_id("roles_dialog.edit", "roles_dialog.edit." + id).c_str())) {
                        d.editing = r.id;
                        d.confirm_delete = RoleId();
                        copy_text(d.edit_name, sizeof(d.edit_name), r.name);
                        copy_text(d.edit_code, sizeof(d.edit_code), r.code);
                    }
                    ImGui::SameLine();
                    bool confirm = d.confirm_delete == r.id;
                    if (confirm) ImGui::PushStyleColor(ImGuiCol_Text, palette().error);
                    bool del = ImGui::SmallButton(
                        with_id(confirm ? "roles_dialog.confirm_delete" : "roles_dialog.delete", "roles_dialog.delete." + id)
                            .c_str());
                    if (confirm) ImGui::PopStyleColor();
                    if (del) {
                        if (!confirm)
                            d.confirm_delete = r.id;
                        else if (run({{"cmd", "role.delete"}, {"id", r.id.value}}))
                            d.confirm_delete = RoleId();
                    }
                }
                ImGui::PopID();
            }
        }
        ImGui::EndTable();
    }
    if (v.roles.empty()) ImGui::TextColored(palette().muted, "%s", tr("roles_dialog.none"));

    // A new role.
    ImGui::Spacing();
    ImGui::SeparatorText(tr("roles_dialog.new"));
    field_label(tr("roles_dialog.name"));
    ImGui::SetNextItemWidth(260 * s);
    bool enter = ImGui::InputText("###roles_dialog.new_name", d.new_name, sizeof(d.new_name),
                                  ImGuiInputTextFlags_EnterReturnsTrue);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(70 * s);
    ImGui::InputTextWithHint("###roles_dialog.new_code", tr("roles_dialog.code"), d.new_code, sizeof(d.new_code));
    ImGui::RadioButton(with_id("roles_dialog.kind_customer", "roles_dialog.new_kind.customer").c_str(), &d.new_kind, 0);
    ImGui::SameLine();
    ImGui::RadioButton(with_id("roles_dialog.kind_project", "roles_dialog.new_kind.project").c_str(), &d.new_kind, 1);
    ImGui::SameLine();
    if ((ImGui::Button(with_id("roles_dialog.add", "roles_dialog.add").c_str()) || enter) && d.new_name[0]) {
        nlohmann::json cmd = {{"cmd", "role.create"}, {"name", d.new_name}, {"kind", d.new_kind ? "project" : "customer"}};
        if (d.new_code[0]) cmd["code"] = d.new_code;
        if (run(cmd)) {
            d.new_name[0] = 0;
            d.new_code[0] = 0;
        }
    }
    field_error(d.error, "name");
    field_error(d.error, "code");
    form_error(d.error, {"name", "code"});

    dialog_footer();
    ImGui::Spacing();
    ImGui::Separator();
    const ImGuiStyle& style = ImGui::GetStyle();
    float close_w = ImGui::CalcTextSize(tr("roles_dialog.close")).x + style.FramePadding.x * 2 + 24 * s;
    ImGui::SetCursorPosX(ImGui::GetWindowContentRegionMax().x - close_w);
    if (primary_button(with_id("roles_dialog.close", "roles_dialog.close").c_str(), ImVec2(close_w, 0)) ||
        (dialog_cancel_key() && !d.editing))
        ImGui::CloseCurrentPopup();
    end_dialog();
}

}  // namespace vastuu::ui
