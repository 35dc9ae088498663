// The Customer groups view (name, customers, numbering start, ledger account, cost centre,
// salespersons; a click edits, "Customers" exports, Delete asks first) and the group dialog with its
// Basics, Salespersons and Customers tabs. Also the customer picker both group dialogs share.
//
// [SECTION] Shared helpers
// [SECTION] Customer picker
// [SECTION] Group dialog
// [SECTION] Groups view
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
// [SECTION] Shared helpers
// ---------------------------------------------------------------------------------------------


bool contains(const std::vector<int64_t>& sorted, int64_t id) {
    return std::binary_search(sorted.begin(), sorted.end(), id);
}

void toggle_member(std::vector<int64_t>& sorted, int64_t id, bool on) {
    auto it = std::lower_bound(sorted.begin(), sorted.end(), id);
    bool present = it != sorted.end() && *it == id;
    if (on && !present) sorted.insert(it, id);
    if (!on && present) sorted.erase(it);
}

// The number-start field as the command's value: a whole number as a number; anything else as the
// text typed, which the engine refuses at the field with its own message.
nlohmann::json number_start_value(const char* text) {
    std::string t = trim(text);
    if (t.empty() || t.size() > 18) return t;
    for (char ch : t)
        if (ch < '0' || ch > '9') return t;
    return std::stoll(t);
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// [SECTION] Customer picker
// ---------------------------------------------------------------------------------------------

MemberChanges member_changes(std::vector<int64_t> original, std::vector<int64_t> selected) {
    std::sort(original.begin(), original.end());  // contains() searches sorted lists
    std::sort(selected.begin(), selected.end());
    MemberChanges out;
    for (int64_t id : selected)
        if (!contains(original, id)) out.added.push_back(id);
    for (int64_t id : original)
        if (!contains(selected, id)) out.removed.push_back(id);
    std::sort(out.added.begin(), out.added.end());
    std::sort(out.removed.begin(), out.removed.end());
    return out;
}

void load_customer_picker(App& app, CustomerPicker& p) {
    Engine& engine = *app.engine();
    CustomerFilter f;
    f.include_archived = true;
    p.customers = engine.list_customers(f);
    std::stable_sort(p.customers.begin(), p.customers.end(), [](const Customer& a, const Customer& b) {
        int d = compare_finnish(a.name, b.name);
        return d != 0 ? d < 0 : a.number < b.number;
    });
    p.folded.clear();
    p.folded.reserve(p.customers.size());
    for (const Customer& c : p.customers) p.folded.push_back(fold_for_search(c.name));
    p.group_names.clear();
    for (const CustomerGroup& g : engine.list_customer_groups()) p.group_names[g.id.value] = g.name;
    p.search[0] = 0;
    p.only_selected = false;
    p.shown.clear();
    p.shown_key = "\x01";  // never a real key: build the list on the first draw
}

bool draw_customer_picker(App& app, CustomerPicker& p, const char* prefix, std::vector<int64_t>& selected,
                          bool group_mode, CustomerGroupId own_group, float height) {
    const float s = app.scale();
    const std::string pre(prefix);
    ImGui::SetNextItemWidth(280 * s);
    ImGui::InputTextWithHint(("###" + pre + ".customer_search").c_str(), tr("picker.search_hint"), p.search,
                             sizeof(p.search));
    ImGui::SameLine();
    ImGui::Checkbox(with_id("picker.only_selected", pre + ".only_selected").c_str(), &p.only_selected);
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    std::string count = tr_format("picker.selected", {std::to_string(selected.size())});
    ImGui::TextColored(palette().muted, "%s", count.c_str());
    record_last_item(pre + ".selected_count");
    note_visible_text(count);

    // The matching rows, rebuilt when the search changes (or the ticks, when only those are shown).
    std::string key = std::string(p.search) + (p.only_selected ? "\x02" + std::to_string(selected.size()) : "");
    if (key != p.shown_key) {
        p.shown.clear();
        const std::string needle = fold_for_search(trim(p.search));
        const bool digits = !needle.empty() && std::all_of(needle.begin(), needle.end(),
                                                           [](char ch) { return ch >= '0' && ch <= '9'; });
        for (size_t i = 0; i < p.customers.size(); ++i) {
            const Customer& c = p.customers[i];
            if (p.only_selected && !contains(selected, c.id.value)) continue;
            if (!needle.empty() && p.folded[i].find(needle) == std::string::npos &&
                !(digits && std::to_string(c.number).rfind(needle, 0) == 0))
                continue;
            p.shown.push_back(i);
        }
        p.shown_key = key;
    }

    bool changed = false;
    ImGui::BeginChild(("###" + pre + ".customers").c_str(), ImVec2(0, std::max(height, 80 * s)),
                      ImGuiChildFlags_Border);
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(p.shown.size()));
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const Customer& c = p.customers[p.shown[size_t(i)]];
            bool on = contains(selected, c.id.value);
            std::string text = std::to_string(c.number) + "  " + c.name;
            std::string label = text + "###" + pre + ".customer." + std::to_string(c.id.value);
            if (ImGui::Checkbox(label.c_str(), &on)) {
                toggle_member(selected, c.id.value, on);
                changed = true;
            }
            note_visible_text(text);
            // The customer's group: in a group dialog, where a ticked customer comes from.
            std::string note;
            auto g = p.group_names.find(c.group.value);
            const std::string group_name = c.group && g != p.group_names.end() ? g->second : "";
            if (group_mode) {
                if (c.group && c.group != own_group)
                    note = tr_format(on ? "picker.moves_from" : "picker.in_group", {group_name});
            } else {
                note = c.group ? group_name : tr("customers.no_group");
            }
            if (c.archived) note += (note.empty() ? "" : " · ") + std::string(tr("customers.archived"));
            if (!note.empty()) {
                ImGui::SameLine();
                ImGui::TextColored(on && group_mode && c.group && c.group != own_group ? palette().accent
                                                                                       : palette().muted,
                                   "%s", note.c_str());
                note_visible_text(note);
            }
        }
    }
    if (p.shown.empty()) {
        ImGui::TextColored(palette().muted, "%s", tr("picker.none"));
        note_visible_text(tr("picker.none"));
    }
    ImGui::EndChild();
    if (changed && p.only_selected) p.shown_key = "\x01";
    return changed;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Group dialog
// ---------------------------------------------------------------------------------------------

namespace {

int tab_of_field(const std::string& field) {
    if (field == "salesperson_ids") return 1;
    if (field == "customer_ids") return 2;
    return 0;
}

// Sends the dialog as one group.create or group.update. True when the engine accepted it.
bool submit_group(App& app, GroupDialog& d) {
    nlohmann::json cmd = {{"cmd", d.id ? "group.update" : "group.create"}};
    if (d.id) cmd["id"] = d.id.value;
    cmd["name"] = d.name;
    nlohmann::json start = number_start_value(d.number_start);
    if (!(start.is_string() && start.get<std::string>().empty() && !d.id)) cmd["number_start"] = start;
    cmd["ledger_account"] = d.ledger_account;
    cmd["cost_centre"] = d.cost_centre;
    if (!d.id) {
        cmd["salesperson_ids"] = d.salespersons;
        cmd["customer_ids"] = d.customers;
    } else {
        // One Save, one batch: the group's fields, then one command per salesperson and customer
        // the dialog ticked or unticked (the ones the viewer never saw stay as they are).
        nlohmann::json commands = nlohmann::json::array({cmd});
        const int64_t id = d.id.value;
        MemberChanges people = member_changes(d.original_salespersons, d.salespersons);
        for (int64_t e : people.added) commands.push_back({{"cmd", "group.add_salesperson"}, {"id", id}, {"employee_id", e}});
        for (int64_t e : people.removed)
            commands.push_back({{"cmd", "group.remove_salesperson"}, {"id", id}, {"employee_id", e}});
        MemberChanges customers = member_changes(d.original_customers, d.customers);
        for (int64_t c : customers.added) commands.push_back({{"cmd", "group.add_customer"}, {"id", id}, {"customer_id", c}});
        for (int64_t c : customers.removed)
            commands.push_back({{"cmd", "group.remove_customer"}, {"id", id}, {"customer_id", c}});
        cmd = commands.size() == 1 ? commands[0] : nlohmann::json{{"cmd", "batch"}, {"commands", commands}};
    }
    auto r = app.run_command(cmd);
    if (!r) {
        d.error = r.error();
        d.tab = tab_of_field(d.error.field);
        return false;
    }
    int64_t moved = 0;
    if (r.value().contains("results")) {
        for (const nlohmann::json& one : r.value()["results"])
            if (one.contains("moved") && one["moved"].is_boolean() && one["moved"].get<bool>()) ++moved;
    } else {
        moved = r.value().value("moved", int64_t(0));
    }
    std::string name = trim(d.name);
    if (moved > 0)
        app.show_message(tr_format(d.id ? "groups.saved_moved" : "groups.added_moved", {name, std::to_string(moved)}));
    else
        app.show_message(tr_format(d.id ? "groups.saved" : "groups.added", {name}));
    return true;
}

void draw_basics_tab(App& app, GroupDialog& d) {
    const float s = app.scale();
    ImGui::Spacing();
    field_label(tr("group_dialog.name"));
    if (d.focus_name) {
        ImGui::SetKeyboardFocusHere();
        d.focus_name = false;
    }
    ImGui::SetNextItemWidth(-FLT_MIN);
    ImGui::InputText("###group_dialog.name", d.name, sizeof(d.name));
    field_error(d.error, "name");

    ImGui::Spacing();
    field_label(tr("group_dialog.number_start"));
    ImGui::SetNextItemWidth(200 * s);
    ImGui::InputTextWithHint("###group_dialog.number_start", "1", d.number_start, sizeof(d.number_start));
    field_error(d.error, "number_start");
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(palette().muted, "%s", tr("group_dialog.number_start_help"));
    ImGui::PopTextWrapPos();

    ImGui::Spacing();
    field_label(tr("group_dialog.ledger_account"));
    ImGui::SetNextItemWidth(200 * s);
    ImGui::InputText("###group_dialog.ledger_account", d.ledger_account, sizeof(d.ledger_account));
    field_error(d.error, "ledger_account");

    ImGui::Spacing();
    field_label(tr("group_dialog.cost_centre"));
    ImGui::SetNextItemWidth(200 * s);
    ImGui::InputText("###group_dialog.cost_centre", d.cost_centre, sizeof(d.cost_centre));
    field_error(d.error, "cost_centre");
}

void draw_salespersons_tab(App& app, GroupDialog& d, float list_h) {
    const float s = app.scale();
    ImGui::Spacing();
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(palette().muted, "%s", tr("group_dialog.salespersons_help"));
    ImGui::PopTextWrapPos();
    ImGui::SetNextItemWidth(280 * s);
    ImGui::InputTextWithHint("###group_dialog.salesperson_search", tr("picker.search_employee_hint"),
                             d.salesperson_search, sizeof(d.salesperson_search));
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    ImGui::TextColored(palette().muted, "%s",
                       tr_format("picker.selected", {std::to_string(d.salespersons.size())}).c_str());
    field_error(d.error, "salesperson_ids");

    const std::string needle = fold_for_search(trim(d.salesperson_search));
    std::vector<const Employee*> shown;
    for (const Employee& e : d.employees) {
        bool on = contains(d.salespersons, e.id.value);
        if (e.archived && !on) continue;  // an archived salesperson stays listed until removed
        if (!needle.empty() && fold_for_search(e.name).find(needle) == std::string::npos) continue;
        shown.push_back(&e);
    }
    ImGui::BeginChild("###group_dialog.salespersons", ImVec2(0, std::max(list_h - ImGui::GetCursorPosY(), 80 * s)),
                      ImGuiChildFlags_Border);
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(shown.size()));
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const Employee& e = *shown[size_t(i)];
            bool on = contains(d.salespersons, e.id.value);
            std::string label = e.name + "###group_dialog.salesperson." + std::to_string(e.id.value);
            if (ImGui::Checkbox(label.c_str(), &on)) toggle_member(d.salespersons, e.id.value, on);
            note_visible_text(e.name);
            if (e.archived) {
                ImGui::SameLine();
                ImGui::TextColored(palette().muted, "%s", tr("customers.archived"));
            }
        }
    }
    ImGui::EndChild();
}

}  // namespace

void open_new_group_dialog(App& app, GroupDialog& d) {
    d = GroupDialog{};
    d.employees = app.engine()->list_employees(true);
    load_customer_picker(app, d.picker);
    d.open_request = true;
    d.focus_name = true;
}

void open_edit_group_dialog(App& app, GroupDialog& d, const CustomerGroup& g) {
    Engine& engine = *app.engine();
    d = GroupDialog{};
    d.id = g.id;
    std::snprintf(d.name, sizeof(d.name), "%s", g.name.c_str());
    std::snprintf(d.number_start, sizeof(d.number_start), "%lld", static_cast<long long>(g.number_start));
    std::snprintf(d.ledger_account, sizeof(d.ledger_account), "%s", g.ledger_account.c_str());
    std::snprintf(d.cost_centre, sizeof(d.cost_centre), "%s", g.cost_centre.c_str());
    for (const Employee& e : engine.list_group_salespersons(g.id)) d.salespersons.push_back(e.id.value);
    std::sort(d.salespersons.begin(), d.salespersons.end());
    d.original_salespersons = d.salespersons;
    d.employees = engine.list_employees(true);
    load_customer_picker(app, d.picker);
    for (const Customer& c : d.picker.customers)
        if (c.group == g.id) d.customers.push_back(c.id.value);
    std::sort(d.customers.begin(), d.customers.end());
    d.original_customers = d.customers;
    d.open_request = true;
    d.focus_name = true;
}

void draw_group_dialog(App& app, GroupDialog& d) {
    const float s = app.scale();
    if (d.open_request) {
        ImGui::OpenPopup("###group_dialog");
        d.open_request = false;
    }
    std::string title = std::string(tr(d.id ? "group_dialog.edit_title" : "group_dialog.new_title")) + "###group_dialog";
    if (!begin_dialog(title.c_str(), 640 * s, 580 * s)) return;
    // The tabs' content ends at the foot of the body (the footer is below it: dialog_frame.h).
    const float content_bottom = ImGui::GetWindowHeight();

    // The tabs are plain buttons: unlike ImGui's tab items they take a click that arrives together
    // with the mouse move (as scripted clicks do), and an error can bring its tab forward.
    const std::string tab_labels[3] = {
        with_id("group_dialog.tab.basics", "group_dialog.tab.basics"),
        tr_format("group_dialog.tab.salespersons", {std::to_string(d.salespersons.size())}) +
            "###group_dialog.tab.salespersons",
        tr_format("group_dialog.tab.customers", {std::to_string(d.customers.size())}) + "###group_dialog.tab.customers"};
    for (int t = 0; t < 3; ++t) {
        if (t > 0) ImGui::SameLine(0, 2 * s);
        const bool on = d.tab == t;
        ImGui::PushStyleColor(ImGuiCol_Button, on ? ImGui::GetStyleColorVec4(ImGuiCol_Header) : ImVec4(0, 0, 0, 0));
        if (on) ImGui::PushStyleColor(ImGuiCol_Text, palette().selected_text);
        if (ImGui::Button(tab_labels[t].c_str())) d.tab = t;
        if (on) ImGui::PopStyleColor();
        ImGui::PopStyleColor();
        if (on) {
            ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
            ImGui::GetWindowDrawList()->AddLine(ImVec2(a.x, b.y), ImVec2(b.x, b.y), ImGui::GetColorU32(palette().accent),
                                                2 * s);
        }
    }
    ImGui::Separator();
    if (d.tab == 0) {
        draw_basics_tab(app, d);
    } else if (d.tab == 1) {
        draw_salespersons_tab(app, d, content_bottom);
    } else {
        ImGui::Spacing();
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextUnformatted(tr("group_dialog.one_group_note"));
        ImGui::PopTextWrapPos();
        note_visible_text(tr("group_dialog.one_group_note"));
        field_error(d.error, "customer_ids");
        float list_h = content_bottom - ImGui::GetCursorPosY() - ImGui::GetFrameHeightWithSpacing();
        draw_customer_picker(app, d.picker, "group_dialog", d.customers, true, d.id, list_h);
    }

    dialog_footer();
    form_error(d.error, {"name", "number_start", "ledger_account", "cost_centre", "salesperson_ids", "customer_ids"});
    ImGui::Separator();
    ImGui::Spacing();
    const auto [cancel, save] = dialog_buttons("group_dialog", s);
    if (cancel)
        ImGui::CloseCurrentPopup();
    else if (save && submit_group(app, d))
        ImGui::CloseCurrentPopup();
    end_dialog();
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Groups view
// ---------------------------------------------------------------------------------------------

namespace {

void load_groups(App& app, GroupsView& v) {
    Engine& engine = *app.engine();
    v.rows.clear();
    std::unordered_map<int64_t, size_t> index;
    for (const CustomerGroup& g : engine.list_customer_groups()) {
        index[g.id.value] = v.rows.size();
        GroupsView::Row row;
        row.group = g;
        for (const Employee& e : engine.list_group_salespersons(g.id))
            row.salespersons += (row.salespersons.empty() ? "" : ", ") + e.name;
        v.rows.push_back(std::move(row));
    }
    v.no_group_customers = 0;
    CustomerFilter f;
    f.include_archived = true;
    for (const Customer& c : engine.list_customers(f)) {
        auto it = index.find(c.group.value);
        if (!c.group || it == index.end()) {
            ++v.no_group_customers;
            continue;
        }
        GroupsView::Row& row = v.rows[it->second];
        ++row.customers;
        if (c.archived) ++row.archived;
    }
}

void export_group(App& app, CustomerGroupId id, const std::string& name) {
    auto bytes = export_group_customers_xlsx(*app.engine(), id);
    if (!bytes) {
        app.show_error(bytes.error());
        return;
    }
    app.download_xlsx("file.group_customers", bytes.value(), name);
    app.show_message(tr_format("groups.exported", {name}));
}

}  // namespace

void draw_groups_view(App& app, GroupsView& v) {
    Engine& engine = *app.engine();
    if (v.cache_key != app.cache_key()) {
        load_groups(app, v);
        v.cache_key = app.cache_key();
    }
    auto customers_text = [](int64_t n, int64_t archived) {
        std::string t = std::to_string(n);
        if (archived > 0) t += " " + tr_format("groups.archived_of", {std::to_string(archived)});
        return t;
    };
    GroupList list;
    list.prefix = "groups";
    list.create_command = "group.create";
    list.update_command = "group.update";
    list.delete_command = "group.delete";
    list.count_key = "groups.count";
    list.help_key = "groups.help";
    list.add_key = "groups.add";
    list.export_key = "groups.customers_button";
    list.name_key = "groups.col.name";
    list.columns = {{"groups.col.customers", 110}, {"groups.col.number_start", 130},
                    {"groups.col.ledger_account", 110}, {"groups.col.cost_centre", 110},
                    {"groups.col.salespersons", 0, 2.0f}};
    list.rows = v.rows.size();
    list.id = [&](size_t r) { return v.rows[r].group.id.value; };
    list.name = [&](size_t r) -> const std::string& { return v.rows[r].group.name; };
    list.cell = [&](size_t r, size_t c) {
        const GroupsView::Row& row = v.rows[r];
        switch (c) {
            case 0: cell_text(customers_text(row.customers, row.archived)); break;
            case 1: cell_text(std::to_string(row.group.number_start)); break;
            case 2: cell_text(row.group.ledger_account); break;
            case 3: cell_text(row.group.cost_centre); break;
            default:
                if (row.salespersons.empty()) cell_text(tr("groups.no_salespersons"), true);
                else cell_text(row.salespersons);
        }
    };
    // No group: not a group to edit, but its customers can be exported like a group's.
    list.last_row = [&](int actions) {
        ImGui::TableSetColumnIndex(0);
        cell_text(tr("customers.no_group"), true);
        ImGui::TableSetColumnIndex(1);
        cell_text(std::to_string(v.no_group_customers), true);
        ImGui::TableSetColumnIndex(actions);
        if (ImGui::SmallButton(with_id("groups.customers_button", "groups.export.0").c_str()))
            export_group(app, CustomerGroupId(), tr("customers.no_group"));
    };

    const GroupListClick click = draw_group_list(app, list);
    switch (click.kind) {
        case GroupListClick::Add: open_new_group_dialog(app, v.dialog); break;
        case GroupListClick::Edit: open_edit_group_dialog(app, v.dialog, v.rows[click.row].group); break;
        case GroupListClick::Export: export_group(app, v.rows[click.row].group.id, v.rows[click.row].group.name); break;
        case GroupListClick::Delete: {
            const CustomerGroup& g = v.rows[click.row].group;
            // Every customer of the group goes, the ones the viewer cannot see too.
            const int64_t customers = engine.count_group_customers(g.id);
            v.confirm = DeleteConfirmation{true, g.id.value, g.name,
                                           tr_count("groups.delete_text", (long long)customers,
                                                    {g.name, std::to_string(customers)})};
            break;
        }
        case GroupListClick::None: break;
    }
    draw_group_dialog(app, v.dialog);
    if (draw_delete_confirmation(app, v.confirm, "groups", "groups.delete_title")) {
        auto r = app.run_command({{"cmd", "group.delete"}, {"id", v.confirm.id}});
        if (r) {
            const long long moved = r.value().value("customers_to_no_group", 0);
            app.show_message(tr_count("groups.deleted", moved, {v.confirm.name, std::to_string(moved)}));
        } else {
            app.show_error(r.error());
        }
    }
}

}  // namespace vastuu::ui
