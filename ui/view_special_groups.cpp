// The Special groups view (name, legend, customers; a click edits, "Excel" exports, Delete asks
// first) and the special-group dialog (name, legend, customers picked with search). A customer can
// be in many special groups. Also the customers list's special-groups column data.
//
// [SECTION] Helpers
// [SECTION] Special-group dialog
// [SECTION] Special groups view
// [SECTION] Customers list column
#include <imgui.h>

#include <algorithm>
#include <cfloat>
#include <cstring>

#include "app.h"
#include "dialog_frame.h"
#include "models/group_exports.h"
#include "item_hooks.h"
#include "core/text.h"
#include "views_groups.h"

namespace vastuu::ui {
namespace {

// ---------------------------------------------------------------------------------------------
// [SECTION] Helpers
// ---------------------------------------------------------------------------------------------

std::string with_id(const char* key, const std::string& id) { return std::string(tr(key)) + "###" + id; }

bool submit_special_group(App& app, SpecialGroupDialog& d) {
    nlohmann::json cmd = {{"cmd", d.id ? "special_group.update" : "special_group.create"}};
    if (d.id) cmd["id"] = d.id.value;
    cmd["name"] = d.name;
    cmd["legend"] = d.legend;
    if (!d.id) {
        cmd["customer_ids"] = d.customers;
    } else {
        // One Save, one batch: the name and legend, then one command per customer ticked or
        // unticked; members the viewer cannot see are never read and stay as they are.
        nlohmann::json commands = nlohmann::json::array({cmd});
        MemberChanges changes = member_changes(d.original_customers, d.customers);
        for (int64_t c : changes.added)
            commands.push_back({{"cmd", "special_group.add_member"}, {"id", d.id.value}, {"customer_id", c}});
        for (int64_t c : changes.removed)
            commands.push_back({{"cmd", "special_group.remove_member"}, {"id", d.id.value}, {"customer_id", c}});
        if (commands.size() > 1) cmd = {{"cmd", "batch"}, {"commands", commands}};
    }
    auto r = app.run_command(cmd);
    if (!r) {
        d.error = r.error();
        return false;
    }
    app.show_message(tr_format(d.id ? "special_groups.saved" : "special_groups.added", {trim(d.name)}));
    return true;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// [SECTION] Special-group dialog
// ---------------------------------------------------------------------------------------------

void open_new_special_group_dialog(App& app, SpecialGroupDialog& d) {
    d = SpecialGroupDialog{};
    load_customer_picker(app, d.picker);
    d.open_request = true;
    d.focus_name = true;
}

void open_edit_special_group_dialog(App& app, SpecialGroupDialog& d, const SpecialGroup& g) {
    d = SpecialGroupDialog{};
    d.id = g.id;
    std::snprintf(d.name, sizeof(d.name), "%s", g.name.c_str());
    std::snprintf(d.legend, sizeof(d.legend), "%s", g.legend.c_str());
    load_customer_picker(app, d.picker);
    for (const Customer& c : app.engine()->list_special_group_members(g.id)) d.customers.push_back(c.id.value);
    std::sort(d.customers.begin(), d.customers.end());
    d.original_customers = d.customers;
    d.open_request = true;
    d.focus_name = true;
}

void draw_special_group_dialog(App& app, SpecialGroupDialog& d) {
    const float s = app.scale();
    if (d.open_request) {
        ImGui::OpenPopup("###special_group_dialog");
        d.open_request = false;
    }
    std::string title = std::string(tr(d.id ? "special_group_dialog.edit_title" : "special_group_dialog.new_title")) +
                        "###special_group_dialog";
    if (!begin_dialog(title.c_str(), 640 * s, 600 * s)) return;
    const ImGuiStyle& style = ImGui::GetStyle();
    const float content_bottom = ImGui::GetWindowHeight();  // the body's foot (the footer is below it)

    field_label(tr("special_group_dialog.name"));
    if (d.focus_name) {
        ImGui::SetKeyboardFocusHere();
        d.focus_name = false;
    }
    ImGui::SetNextItemWidth(-FLT_MIN);
    ImGui::InputText("###special_group_dialog.name", d.name, sizeof(d.name));
    field_error(d.error, "name");

    ImGui::Spacing();
    field_label(tr("special_group_dialog.legend"));
    ImGui::InputTextMultiline("###special_group_dialog.legend", d.legend, sizeof(d.legend),
                              ImVec2(-FLT_MIN, ImGui::GetTextLineHeight() * 3 + style.FramePadding.y * 2));
    field_error(d.error, "legend");

    ImGui::Spacing();
    field_label(tr("special_group_dialog.customers"));
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(palette().muted, "%s", tr("special_group_dialog.many_note"));
    ImGui::PopTextWrapPos();
    field_error(d.error, "customer_ids");
    float list_h = content_bottom - ImGui::GetCursorPosY() - ImGui::GetFrameHeightWithSpacing();
    draw_customer_picker(app, d.picker, "special_group_dialog", d.customers, false, CustomerGroupId(), list_h);

    dialog_footer();
    form_error(d.error, {"name", "legend", "customer_ids"});
    ImGui::Separator();
    ImGui::Spacing();
    const auto [cancel, save] = dialog_buttons("special_group_dialog", s);
    if (cancel)
        ImGui::CloseCurrentPopup();
    else if (save && submit_special_group(app, d))
        ImGui::CloseCurrentPopup();
    end_dialog();
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Special groups view
// ---------------------------------------------------------------------------------------------

namespace {

void load_special_groups(App& app, SpecialGroupsView& v) {
    Engine& engine = *app.engine();
    v.rows.clear();
    std::unordered_map<int64_t, size_t> index;
    for (const SpecialGroup& g : engine.list_special_groups()) {
        index[g.id.value] = v.rows.size();
        v.rows.push_back(SpecialGroupsView::Row{g, 0});
    }
    for (const auto& [customer, group] : engine.list_special_group_memberships()) {
        auto it = index.find(group.value);
        if (it != index.end()) ++v.rows[it->second].customers;
    }
}

void export_special_group(App& app, const SpecialGroup& g) {
    auto bytes = export_special_group_customers_xlsx(*app.engine(), g.id);
    if (!bytes) {
        app.show_error(bytes.error());
        return;
    }
    app.platform().download(group_export_file_name(g.name),
                            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", bytes.value());
    app.show_message(tr_format("groups.exported", {g.name}));
}

void draw_delete_confirmation(App& app, SpecialGroupsView& v) {
    const float s = app.scale();
    if (v.confirm_request) {
        ImGui::OpenPopup("###special_groups.delete_dialog");
        v.confirm_request = false;
    }
    std::string title = std::string(tr("special_groups.delete_title")) + "###special_groups.delete_dialog";
    if (!begin_dialog(title.c_str(), 460 * s)) return;
    std::string text = tr_format("special_groups.delete_text", {v.confirm_name, std::to_string(v.confirm_customers)});
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(text.c_str());
    ImGui::Spacing();
    ImGui::TextColored(palette().muted, "%s", tr("groups.delete_undo"));
    ImGui::PopTextWrapPos();
    note_visible_text(text);
    dialog_footer();
    ImGui::Spacing();
    if (primary_button(with_id("groups.delete_ok", "special_groups.confirm_delete").c_str())) {
        auto r = app.run_command({{"cmd", "special_group.delete"}, {"id", v.confirm_id.value}});
        if (r)
            app.show_message(tr_format("special_groups.deleted", {v.confirm_name}));
        else
            app.show_error(r.error());
        ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (ImGui::Button(with_id("dialog.cancel", "special_groups.cancel_delete").c_str()) ||
        dialog_cancel_key())
        ImGui::CloseCurrentPopup();
    end_dialog();
}

}  // namespace

void draw_special_groups_view(App& app, SpecialGroupsView& v) {
    const float s = app.scale();
    const ImGuiStyle& style = ImGui::GetStyle();
    if (v.cache_key != app.cache_key()) {
        load_special_groups(app, v);
        v.cache_key = app.cache_key();
    }

    ImGui::AlignTextToFramePadding();
    std::string count = tr_count("special_groups.count", (long long)v.rows.size(), {std::to_string(v.rows.size())});
    ImGui::TextColored(palette().muted, "%s", count.c_str());
    record_last_item("special_groups.count");
    note_visible_text(count);
    ImGui::SameLine();
    ImGui::TextColored(palette().muted, "· %s", tr("special_groups.help"));
    std::string add_label = with_id("special_groups.add", "special_groups.add");
    float add_w = ImGui::CalcTextSize(tr("special_groups.add")).x + style.FramePadding.x * 2;
    ImGui::SameLine(std::max(ImGui::GetWindowContentRegionMax().x - add_w, ImGui::GetCursorPosX()));
    // Special groups themselves are the administrator's; members change on the customer card.
    const bool may_create = may_run(app, "special_group.create"), may_edit = may_run(app, "special_group.update"),
               may_delete = may_run(app, "special_group.delete");
    ImGui::BeginDisabled(!may_create);
    if (primary_button(add_label.c_str())) open_new_special_group_dialog(app, v.dialog);
    ImGui::EndDisabled();
    explain_admin_only(may_create);
    ImGui::Spacing();

    ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter | ImGuiTableFlags_BordersInnerH |
                            ImGuiTableFlags_ScrollY | ImGuiTableFlags_Resizable | ImGuiTableFlags_SizingStretchProp;
    const SpecialGroup* edit = nullptr;
    const SpecialGroupsView::Row* remove = nullptr;
    if (ImGui::BeginTable("###special_groups.table", 4, flags, ImVec2(0, ImGui::GetContentRegionAvail().y))) {
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn(with_id("special_groups.col.name", "special_groups.col.name").c_str(),
                                ImGuiTableColumnFlags_WidthStretch, 1.5f);
        ImGui::TableSetupColumn(with_id("special_groups.col.legend", "special_groups.col.legend").c_str(),
                                ImGuiTableColumnFlags_WidthStretch, 3.0f);
        ImGui::TableSetupColumn(with_id("special_groups.col.customers", "special_groups.col.customers").c_str(),
                                ImGuiTableColumnFlags_WidthFixed, 100 * s);
        float actions_w = ImGui::CalcTextSize(tr("special_groups.excel")).x +
                          ImGui::CalcTextSize(tr("groups.delete")).x + style.FramePadding.x * 4 +
                          style.ItemSpacing.x + 8 * s;
        ImGui::TableSetupColumn("###special_groups.col.actions", ImGuiTableColumnFlags_WidthFixed, actions_w);
        table_headers_row();
        for (const SpecialGroupsView::Row& row : v.rows) {
            const std::string id = std::to_string(row.group.id.value);
            ImGui::TableNextRow();
            // The buttons first: where they overlap the row's selectable, the first submitted takes the mouse.
            ImGui::TableSetColumnIndex(3);
            if (ImGui::SmallButton(with_id("special_groups.excel", "special_groups.export." + id).c_str()))
                export_special_group(app, row.group);
            if (ImGui::IsItemHovered(ImGuiHoveredFlags_DelayShort)) ImGui::SetTooltip("%s", tr("groups.export_tip"));
            ImGui::SameLine();
            ImGui::BeginDisabled(!may_delete);
            if (ImGui::SmallButton(with_id("groups.delete", "special_groups.delete." + id).c_str())) remove = &row;
            ImGui::EndDisabled();
            explain_admin_only(may_delete);
            ImGui::TableSetColumnIndex(0);
            if (ImGui::Selectable((row.group.name + "###special_groups.row." + id).c_str(), false,
                                  ImGuiSelectableFlags_SpanAllColumns))
                edit = &row.group;
            note_visible_text(row.group.name);
            ImGui::TableSetColumnIndex(1);
            // The legend's first line; the whole of it on hover.
            std::string legend = row.group.legend.substr(0, row.group.legend.find('\n'));
            cell_text(legend, true);
            if (legend.size() < row.group.legend.size() && ImGui::IsItemHovered(ImGuiHoveredFlags_DelayShort))
                ImGui::SetTooltip("%s", row.group.legend.c_str());
            ImGui::TableSetColumnIndex(2);
            cell_text(std::to_string(row.customers));
        }
        ImGui::EndTable();
    }
    if (v.rows.empty()) {
        ImGui::TextColored(palette().muted, "%s", tr("special_groups.none"));
        note_visible_text(tr("special_groups.none"));
    }

    if (edit && may_edit) open_edit_special_group_dialog(app, v.dialog, *edit);
    if (remove) {
        v.confirm_id = remove->group.id;
        v.confirm_name = remove->group.name;
        v.confirm_customers = app.engine()->count_special_group_members(remove->group.id);
        v.confirm_request = true;
    }
    draw_special_group_dialog(app, v.dialog);
    draw_delete_confirmation(app, v);
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Customers list column
// ---------------------------------------------------------------------------------------------

void load_customer_special_groups(App& app, CustomerSpecialGroups& sp) {
    if (sp.cache_key == app.cache_key()) return;
    Engine& engine = *app.engine();
    sp.groups = engine.list_special_groups();  // by name
    std::unordered_map<int64_t, size_t> rank;
    for (size_t i = 0; i < sp.groups.size(); ++i) rank[sp.groups[i].id.value] = i;
    std::unordered_map<int64_t, std::vector<size_t>> of;
    for (const auto& [customer, group] : engine.list_special_group_memberships()) {
        auto it = rank.find(group.value);
        if (it != rank.end()) of[customer.value].push_back(it->second);
    }
    sp.names_of.clear();
    for (auto& [customer, ranks] : of) {
        std::sort(ranks.begin(), ranks.end());
        std::string& names = sp.names_of[customer];
        for (size_t r : ranks) names += (names.empty() ? "" : ", ") + sp.groups[r].name;
    }
    if (sp.filter && !rank.count(sp.filter.value)) sp.filter = SpecialGroupId();  // deleted meanwhile
    sp.cache_key = app.cache_key();
}

}  // namespace vastuu::ui
