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
#include "widgets.h"

namespace vastuu::ui {
namespace {

// ---------------------------------------------------------------------------------------------
// [SECTION] Helpers
// ---------------------------------------------------------------------------------------------


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
    app.download_xlsx("file.group_customers", bytes.value(), g.name);
    app.show_message(tr_format("groups.exported", {g.name}));
}

}  // namespace

void draw_special_groups_view(App& app, SpecialGroupsView& v) {
    if (v.cache_key != app.cache_key()) {
        load_special_groups(app, v);
        v.cache_key = app.cache_key();
    }
    GroupList list;
    list.prefix = "special_groups";
    list.create_command = "special_group.create";
    list.update_command = "special_group.update";
    list.delete_command = "special_group.delete";
    list.count_key = "special_groups.count";
    list.help_key = "special_groups.help";
    list.add_key = "special_groups.add";
    list.export_key = "special_groups.excel";
    list.none_key = "special_groups.none";
    list.name_key = "special_groups.col.name";
    list.name_weight = 1.5f;
    list.columns = {{"special_groups.col.legend", 0, 3.0f}, {"special_groups.col.customers", 100}};
    list.rows = v.rows.size();
    list.id = [&](size_t r) { return v.rows[r].group.id.value; };
    list.name = [&](size_t r) -> const std::string& { return v.rows[r].group.name; };
    list.cell = [&](size_t r, size_t c) {
        const SpecialGroupsView::Row& row = v.rows[r];
        if (c == 1) {
            cell_text(std::to_string(row.customers));
            return;
        }
        // The legend's first line; the whole of it on hover.
        std::string legend = row.group.legend.substr(0, row.group.legend.find('\n'));
        cell_text(legend, true);
        if (legend.size() < row.group.legend.size() && ImGui::IsItemHovered(ImGuiHoveredFlags_DelayShort))
            ImGui::SetTooltip("%s", row.group.legend.c_str());
    };

    const GroupListClick click = draw_group_list(app, list);
    switch (click.kind) {
        case GroupListClick::Add: open_new_special_group_dialog(app, v.dialog); break;
        case GroupListClick::Edit: open_edit_special_group_dialog(app, v.dialog, v.rows[click.row].group); break;
        case GroupListClick::Export: export_special_group(app, v.rows[click.row].group); break;
        case GroupListClick::Delete: {
            const SpecialGroup& g = v.rows[click.row].group;
            const int64_t members = app.engine()->count_special_group_members(g.id);
            v.confirm = DeleteConfirmation{true, g.id.value, g.name,
                                           tr_format("special_groups.delete_text", {g.name, std::to_string(members)})};
            break;
        }
        case GroupListClick::None: break;
    }
    draw_special_group_dialog(app, v.dialog);
    if (draw_delete_confirmation(app, v.confirm, "special_groups", "special_groups.delete_title")) {
        auto r = app.run_command({{"cmd", "special_group.delete"}, {"id", v.confirm.id}});
        if (r)
            app.show_message(tr_format("special_groups.deleted", {v.confirm.name}));
        else
            app.show_error(r.error());
    }
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
