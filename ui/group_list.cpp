// The list view of the customer groups and the special groups (group_list.h).
#include "group_list.h"

#include <imgui.h>

#include "app.h"
#include "core/i18n.h"
#include "dialog_frame.h"
#include "item_hooks.h"
#include "theme.h"
#include "widgets.h"

namespace vastuu::ui {

GroupListClick draw_group_list(App& app, const GroupList& list) {
    const float s = app.scale();
    const ImGuiStyle& style = ImGui::GetStyle();
    const std::string prefix(list.prefix);
    GroupListClick click;

    // Toolbar: the count and a one-line explanation | + Add.
    ImGui::AlignTextToFramePadding();
    const std::string count = tr_count(list.count_key, (long long)list.rows, {std::to_string(list.rows)});
    ImGui::TextColored(palette().muted, "%s", count.c_str());
    record_last_item(prefix + ".count");
    note_visible_text(count);
    ImGui::SameLine();
    ImGui::TextColored(palette().muted, "· %s", tr(list.help_key));
    const std::string add_label = with_id(list.add_key, prefix + ".add");
    same_line_right(button_width(add_label.c_str()));
    // The firm's groups are the administrator's: offered as the engine's rule says (sync::may_run).
    const bool may_add = may_run(app, list.create_command), may_edit = may_run(app, list.update_command),
               may_delete = may_run(app, list.delete_command);
    ImGui::BeginDisabled(!may_add);
    if (primary_button(add_label.c_str())) click.kind = GroupListClick::Add;
    ImGui::EndDisabled();
    explain_admin_only(may_add);
    ImGui::Spacing();

    const int actions = static_cast<int>(list.columns.size()) + 1;
    ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter | ImGuiTableFlags_BordersInnerH |
                            ImGuiTableFlags_ScrollY | ImGuiTableFlags_Resizable | ImGuiTableFlags_SizingStretchProp;
    if (ImGui::BeginTable(("###" + prefix + ".table").c_str(), actions + 1, flags,
                          ImVec2(0, ImGui::GetContentRegionAvail().y))) {
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn(with_id(list.name_key, list.name_key).c_str(), ImGuiTableColumnFlags_WidthStretch,
                                list.name_weight);
        for (const GroupListColumn& c : list.columns) {
            if (c.width > 0)
                ImGui::TableSetupColumn(with_id(c.key, c.key).c_str(), ImGuiTableColumnFlags_WidthFixed, c.width * s);
            else
                ImGui::TableSetupColumn(with_id(c.key, c.key).c_str(), ImGuiTableColumnFlags_WidthStretch, c.weight);
        }
        const float actions_w = ImGui::CalcTextSize(tr(list.export_key)).x + ImGui::CalcTextSize(tr("groups.delete")).x +
                                style.FramePadding.x * 4 + style.ItemSpacing.x + 8 * s;
        ImGui::TableSetupColumn(("###" + prefix + ".col.actions").c_str(), ImGuiTableColumnFlags_WidthFixed, actions_w);
        table_headers_row();

        for (size_t row = 0; row < list.rows; ++row) {
            const std::string id = std::to_string(list.id(row));
            ImGui::TableNextRow();
            // The buttons first: where they overlap the row's selectable, the first submitted takes the mouse.
            ImGui::TableSetColumnIndex(actions);
            if (ImGui::SmallButton(with_id(list.export_key, prefix + ".export." + id).c_str()))
                click = GroupListClick{GroupListClick::Export, row};
            if (ImGui::IsItemHovered(ImGuiHoveredFlags_DelayShort)) ImGui::SetTooltip("%s", tr("groups.export_tip"));
            ImGui::SameLine();
            ImGui::BeginDisabled(!may_delete);
            if (ImGui::SmallButton(with_id("groups.delete", prefix + ".delete." + id).c_str()))
                click = GroupListClick{GroupListClick::Delete, row};
            ImGui::EndDisabled();
            explain_admin_only(may_delete);
            ImGui::TableSetColumnIndex(0);
            if (ImGui::Selectable((list.name(row) + "###" + prefix + ".row." + id).c_str(), false,
                                  ImGuiSelectableFlags_SpanAllColumns) && may_edit)
                click = GroupListClick{GroupListClick::Edit, row};
            note_visible_text(list.name(row));
            for (size_t c = 0; c < list.columns.size(); ++c) {
                ImGui::TableSetColumnIndex(static_cast<int>(c) + 1);
                list.cell(row, c);
            }
        }
        if (list.last_row) {
            ImGui::TableNextRow();
            list.last_row(actions);
        }
        ImGui::EndTable();
    }
    if (list.rows == 0 && list.none_key[0]) {
        ImGui::TextColored(palette().muted, "%s", tr(list.none_key));
        note_visible_text(tr(list.none_key));
    }
    return click;
}

bool draw_delete_confirmation(App& app, DeleteConfirmation& confirm, const char* prefix, const char* title_key) {
    const float s = app.scale();
    const std::string id = std::string("###") + prefix + ".delete_dialog";
    if (confirm.request) {
        ImGui::OpenPopup(id.c_str());
        confirm.request = false;
    }
    const std::string title = std::string(tr(title_key)) + id;
    if (!begin_dialog(title.c_str(), 460 * s)) return false;
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(confirm.text.c_str());
    ImGui::Spacing();
    ImGui::TextColored(palette().muted, "%s", tr("groups.delete_undo"));
    ImGui::PopTextWrapPos();
    note_visible_text(confirm.text);
    dialog_footer();
    ImGui::Spacing();
    bool confirmed = false;
    if (primary_button(with_id("groups.delete_ok", std::string(prefix) + ".confirm_delete").c_str())) {
        confirmed = true;
        ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (ImGui::Button(with_id("dialog.cancel", std::string(prefix) + ".cancel_delete").c_str()) || dialog_cancel_key())
        ImGui::CloseCurrentPopup();
    end_dialog();
    return confirmed;
}

}  // namespace vastuu::ui
