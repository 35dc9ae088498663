// The Customers view: search (accent-insensitive, by the engine), show-archived, group and special
// group filters, the customer table (clipped, sortable; a click on a row opens the edit dialog, a
// click on a name opens the customer card), "+ Customer" and Excel export.
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


void sort_customers(std::vector<Customer>& rows, int column, bool ascending,
                    const std::unordered_map<int64_t, std::string>& group_names) {
    auto group_name = [&](const Customer& c) -> const std::string& {
        static const std::string none;
        auto it = group_names.find(c.group.value);
        return it == group_names.end() ? none : it->second;
    };
    std::stable_sort(rows.begin(), rows.end(), [&](const Customer& a, const Customer& b) {
        int d = 0;
        switch (column) {
            case 1: d = compare_finnish(a.name, b.name); break;
            case 2: d = compare_finnish(group_name(a), group_name(b)); break;
            case 3: d = int(a.archived) - int(b.archived); break;
            default: break;
        }
        if (d == 0) d = a.number < b.number ? -1 : (a.number > b.number ? 1 : 0);
        return ascending ? d < 0 : d > 0;
    });
}

}  // namespace

CustomerFilter customer_filter(const CustomersView& view) {
    CustomerFilter f;
    f.search = view.search;
    f.include_archived = view.show_archived;
    if (view.group_kind == GroupFilterKind::NoGroup) f.only_no_group = true;
    if (view.group_kind == GroupFilterKind::Group) f.group = view.group;
    f.special_group = view.specials.filter;
    return f;
}

void draw_customers_view(App& app, CustomersView& view) {
    Engine& engine = *app.engine();
    const float s = app.scale();
    const ImGuiStyle& style = ImGui::GetStyle();

    // Rows: re-queried only when the database, the filter or the sort changed.
    load_customer_special_groups(app, view.specials);
    std::string key = app.cache_key() + "|" + view.search + "|" + std::to_string(view.show_archived) + "|" +
                      std::to_string(int(view.group_kind)) + "|" + std::to_string(view.group.value) + "|" +
                      std::to_string(view.sort_column) + std::to_string(view.sort_ascending) + "|" +
                      std::to_string(view.specials.filter.value);
    std::unordered_map<int64_t, std::string> group_names;
    if (key != view.cache_key) {
        view.groups = engine.list_customer_groups();
        for (const CustomerGroup& g : view.groups) group_names[g.id.value] = g.name;
        view.rows = engine.list_customers(customer_filter(view));
        sort_customers(view.rows, view.sort_column, view.sort_ascending, group_names);
        view.cache_key = key;
    } else {
        for (const CustomerGroup& g : view.groups) group_names[g.id.value] = g.name;
    }

    // Toolbar: search, group filter, show archived | export, + Customer.
    ImGui::SetNextItemWidth(260 * s);
    ImGui::InputTextWithHint("###customers.search", tr("customers.search_hint"), view.search, sizeof(view.search));
    ImGui::SameLine();

    std::string preview = tr("customers.all_groups");
    if (view.group_kind == GroupFilterKind::NoGroup) preview = tr("customers.no_group");
    if (view.group_kind == GroupFilterKind::Group) {
        auto it = group_names.find(view.group.value);
        preview = it != group_names.end() ? it->second : tr("customers.all_groups");
    }
    ImVec2 combo_pos = ImGui::GetCursorScreenPos();
    float combo_w = 220 * s;
    ImGui::SetNextItemWidth(combo_w);
    if (ImGui::BeginCombo("###customers.group", preview.c_str())) {
        if (ImGui::Selectable(with_id("customers.all_groups", "group.all").c_str(),
                              view.group_kind == GroupFilterKind::All))
            view.group_kind = GroupFilterKind::All;
        if (ImGui::Selectable(with_id("customers.no_group", "group.none").c_str(),
                              view.group_kind == GroupFilterKind::NoGroup))
            view.group_kind = GroupFilterKind::NoGroup;
        for (const CustomerGroup& g : view.groups) {
            std::string label = g.name + "###group." + std::to_string(g.id.value);
            bool selected = view.group_kind == GroupFilterKind::Group && view.group == g.id;
            if (ImGui::Selectable(label.c_str(), selected)) {
                view.group_kind = GroupFilterKind::Group;
                view.group = g.id;
            }
        }
        ImGui::EndCombo();
    }
    record_item("customers.group", combo_pos.x, combo_pos.y, combo_pos.x + combo_w,
                combo_pos.y + ImGui::GetFrameHeight());
    ImGui::SameLine();

    // Special group filter (a customer can be in many).
    {
        std::string sp_preview = tr("customers.all_special_groups");
        for (const SpecialGroup& g : view.specials.groups)
            if (g.id == view.specials.filter) sp_preview = g.name;
        ImVec2 pos = ImGui::GetCursorScreenPos();
        float w = 200 * s;
        ImGui::SetNextItemWidth(w);
        if (ImGui::BeginCombo("###customers.special_group", sp_preview.c_str(), ImGuiComboFlags_HeightLarge)) {
            if (ImGui::Selectable(with_id("customers.all_special_groups", "special_group.all").c_str(),
                                  !view.specials.filter))
                view.specials.filter = SpecialGroupId();
            for (const SpecialGroup& g : view.specials.groups) {
                std::string label = g.name + "###special_group." + std::to_string(g.id.value);
                if (ImGui::Selectable(label.c_str(), view.specials.filter == g.id)) view.specials.filter = g.id;
            }
            ImGui::EndCombo();
        }
        record_item("customers.special_group", pos.x, pos.y, pos.x + w, pos.y + ImGui::GetFrameHeight());
    }
    ImGui::SameLine();
    ImGui::Checkbox(with_id("customers.show_archived", "customers.show_archived").c_str(), &view.show_archived);

    std::string export_label = with_id("customers.export", "customers.export");
    std::string add_label = with_id("customers.add", "customers.add");
    same_line_right(button_width(export_label.c_str()) + button_width(add_label.c_str()) + style.ItemSpacing.x);
    if (ImGui::Button(export_label.c_str())) app.export_customers();
    ImGui::SameLine();
    if (primary_button(add_label.c_str())) open_new_customer_dialog(app, view.dialog);

    // Count line.
    ImGui::Spacing();
    ImGui::TextColored(palette().muted, "%s",
                       tr_count("customers.shown", (long long)view.rows.size(), {std::to_string(view.rows.size())}).c_str());
    record_last_item("customers.count");
    note_visible_text(tr_count("customers.shown", (long long)view.rows.size(), {std::to_string(view.rows.size())}));
    if (engine.viewer()) {  // a salesperson's view: say whose customers these are
        auto viewer = engine.get_employee(engine.viewer());
        std::string restricted = tr_format("customers.restricted", {viewer ? viewer->name : std::string()});
        ImGui::SameLine();
        ImGui::TextColored(palette().accent, "· %s", restricted.c_str());
        record_last_item("customers.restricted");
        note_visible_text(restricted);
    }

    // Table.
    ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter | ImGuiTableFlags_BordersInnerH |
                            ImGuiTableFlags_ScrollY | ImGuiTableFlags_Sortable | ImGuiTableFlags_Resizable |
                            ImGuiTableFlags_SizingStretchProp;
    ImVec2 avail = ImGui::GetContentRegionAvail();
    if (ImGui::BeginTable("###customers.table", 5, flags, ImVec2(0, avail.y))) {
        ImGui::TableSetupScrollFreeze(0, 1);
        // User ids are the sort keys of sort_customers (the special-groups column does not sort).
        ImGui::TableSetupColumn(with_id("customers.col.number", "col.number").c_str(),
                                ImGuiTableColumnFlags_WidthFixed | ImGuiTableColumnFlags_DefaultSort, 90 * s, 0);
        ImGui::TableSetupColumn(with_id("customers.col.name", "col.name").c_str(), ImGuiTableColumnFlags_WidthStretch,
                                3.0f, 1);
        ImGui::TableSetupColumn(with_id("customers.col.group", "col.group").c_str(),
                                ImGuiTableColumnFlags_WidthStretch, 1.6f, 2);
        ImGui::TableSetupColumn(with_id("customers.col.special_groups", "col.special_groups").c_str(),
                                ImGuiTableColumnFlags_WidthStretch | ImGuiTableColumnFlags_NoSort, 1.6f, 4);
        ImGui::TableSetupColumn(with_id("customers.col.status", "col.status").c_str(),
                                ImGuiTableColumnFlags_WidthFixed, 110 * s, 3);
        table_headers_row();

        if (ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs(); specs && specs->SpecsDirty) {
            if (specs->SpecsCount > 0) {
                view.sort_column = static_cast<int>(specs->Specs[0].ColumnUserID);
                view.sort_ascending = specs->Specs[0].SortDirection != ImGuiSortDirection_Descending;
                sort_customers(view.rows, view.sort_column, view.sort_ascending, group_names);
                // Keep the cache key in step so the sorted rows are not re-queried.
                view.cache_key = app.cache_key() + "|" + view.search + "|" + std::to_string(view.show_archived) +
                                 "|" + std::to_string(int(view.group_kind)) + "|" +
                                 std::to_string(view.group.value) + "|" + std::to_string(view.sort_column) +
                                 std::to_string(view.sort_ascending) + "|" +
                                 std::to_string(view.specials.filter.value);
            }
            specs->SpecsDirty = false;
        }

        const float row_h = ImGui::GetTextLineHeight() + style.CellPadding.y * 2;
        ImGuiListClipper clipper;
        clipper.Begin(static_cast<int>(view.rows.size()), row_h);
        const Customer* clicked = nullptr;
        CustomerId card;
        while (clipper.Step()) {
            for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
                const Customer& c = view.rows[i];
                ImGui::TableNextRow(ImGuiTableRowFlags_None, row_h);
                std::string number = std::to_string(c.number);
                // The name opens the card; the rest of the row opens the edit dialog. The name is
                // submitted first so that it, not the row, takes the mouse where they overlap.
                ImGui::TableSetColumnIndex(1);
                if (name_link(c.name, "customers.name." + number, c.archived)) card = c.id;
                ImGui::TableSetColumnIndex(0);
                std::string label = number + "###customers.row." + number;
                if (ImGui::Selectable(label.c_str(), false,
                                      ImGuiSelectableFlags_SpanAllColumns))
                    clicked = &c;
                note_visible_text(number);
                ImGui::TableSetColumnIndex(2);
                auto it = group_names.find(c.group.value);
                if (it != group_names.end())
                    cell_text(it->second, c.archived);
                else
                    cell_text(tr("customers.no_group"), true);
                ImGui::TableSetColumnIndex(3);
                auto sp = view.specials.names_of.find(c.id.value);
                if (sp != view.specials.names_of.end()) cell_text(sp->second, c.archived);
                ImGui::TableSetColumnIndex(4);
                if (c.archived) cell_text(tr("customers.archived"), true);
            }
        }
        if (card)
            app.open_customer_card(card);
        else if (clicked)
            open_edit_customer_dialog(view.dialog, *clicked);
        ImGui::EndTable();
    }
    if (view.rows.empty()) {
        const char* empty = tr("customers.none");
        ImVec2 size = ImGui::CalcTextSize(empty);
        ImVec2 win = ImGui::GetWindowPos();
        ImVec2 region = ImGui::GetWindowSize();
        ImGui::GetWindowDrawList()->AddText(ImVec2(win.x + (region.x - size.x) / 2, win.y + region.y * 0.45f),
                                            ImGui::GetColorU32(palette().muted), empty);
        note_visible_text(empty);
    }

    draw_customer_dialog(app, view.dialog, view.groups);
}

}  // namespace vastuu::ui
