// The persons-in-charge view: the filter bar (customer search, employee, groups, archived, projects,
// as-of date, ending), the toolbar (row count, replace tool, Excel export) and the table of
// responsibilities with sortable, resizable columns of which only the visible rows are drawn.
//
// [SECTION] Model sync
// [SECTION] Small widgets
// [SECTION] Filter bar and toolbar
// [SECTION] The table
// [SECTION] The view
#include <imgui.h>

#include <algorithm>
#include <cfloat>

#include "app.h"
#include "item_hooks.h"
#include "core/text.h"
#include "view_persons.h"
#include "date_field.h"
#include "widgets.h"

namespace vastuu::ui {
namespace {


// A short text naming every filter field: the filter is re-applied only when it changes.
std::string persons_filter_key(const PersonsView& v) {
    std::string k;
    k.reserve(96);
    k += char('0' + int(v.group_kind));
    k += char('0' + int(v.ending));
    for (int64_t id : {v.employee.value, v.group.value, v.special_group.value, int64_t(v.ending_days)}) {
        k += std::to_string(id);
        k += ',';
    }
    k += v.show_archived ? 'a' : '-';
    k += v.show_projects ? 'p' : '-';
    k += v.as_of;
    k += '|';
    k += v.search;
    return k;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// [SECTION] Model sync
// ---------------------------------------------------------------------------------------------

PersonsFilter persons_filter(const PersonsView& v, std::string_view today) {
    PersonsFilter f;
    f.search = trim(v.search);
    f.employee = v.employee;
    f.include_archived = v.show_archived;
    f.show_projects = v.show_projects;
    // Only a real day restricts; the field shows its own error otherwise.
    const std::string as_of = typed_date(v.as_of, today);
    if (day_number(as_of)) f.as_of = as_of;
    if (v.ending == PersonsEnding::Within || v.ending == PersonsEnding::WithinOrEnded)
        f.ending_within_days = std::max(0, v.ending_days);
    f.already_ended = v.ending == PersonsEnding::Ended || v.ending == PersonsEnding::WithinOrEnded;
    f.no_group = v.group_kind == PersonsGroupKind::NoGroup;
    if (v.group_kind == PersonsGroupKind::Group) f.customer_group = v.group;
    f.special_group = v.special_group;
    return f;
}

// A new engine (generation) -> load; any command since the last look -> refresh (which keeps the
// filter and the order); the filter or who is looking changed -> apply again (in memory).
void sync_persons_model(App& app, PersonsView& v) {
    Engine& engine = *app.engine();
    const uint64_t revision = engine.revision();
    bool reload = !v.loaded || v.generation != app.generation();
    bool changed = false;
    if (!reload && revision != v.revision) {
        Status refreshed = v.model.refresh();
        if (!refreshed) reload = true;
        changed = true;
    }
    if (reload) {
        Status loaded = v.model.load(engine);
        v.load_error = loaded ? Error{} : loaded.error();
        v.loaded = true;
        v.generation = app.generation();
        v.filter_key.clear();
    }
    v.revision = revision;

    std::string key = persons_filter_key(v);
    // A salesperson's visible customers can change with any command, the administrator's cannot.
    bool visibility_changed = v.viewer != engine.viewer() || (changed && engine.viewer());
    if (key != v.filter_key || visibility_changed || reload) {
        v.model.apply(persons_filter(v, engine.today()));
        v.filter_key = std::move(key);
        v.viewer = engine.viewer();
    }
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Small widgets
// ---------------------------------------------------------------------------------------------

namespace {

void sync_lists(App& app, PersonsView& v) {
    std::string key = app.cache_key();
    if (key == v.lists_key) return;
    Engine& engine = *app.engine();
    v.employees = engine.list_employees(true);
    v.groups = engine.list_customer_groups();
    v.special_groups = engine.list_special_groups();
    v.roles = engine.list_roles();
    v.lists_key = key;
}

// Places the next bar item on this line, or on the next one when `width` would not fit.
void bar_item(float width) {
    ImGui::SameLine();
    if (ImGui::GetCursorPosX() + width > ImGui::GetWindowContentRegionMax().x) ImGui::NewLine();
}

float checkbox_width(const char* text) {
    return ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x + ImGui::CalcTextSize(text).x;
}

// Text that looks and acts like a link: returns true when clicked. `path` is its automation path.
bool link(const std::string& text, const std::string& path) {
    ImGui::PushStyleColor(ImGuiCol_Text, palette().accent);
    ImVec2 size = ImGui::CalcTextSize(text.c_str(), nullptr, true);
    bool clicked = ImGui::Selectable((text + "###" + path).c_str(), false, ImGuiSelectableFlags_None, size);
    ImGui::PopStyleColor();
    if (ImGui::IsItemHovered()) {
        ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
        ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
        ImGui::GetWindowDrawList()->AddLine(ImVec2(a.x, b.y - 1), ImVec2(b.x, b.y - 1),
                                            ImGui::GetColorU32(palette().accent));
    }
    note_visible_text(text);
    return clicked;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Filter bar and toolbar
// ---------------------------------------------------------------------------------------------

void export_persons(App& app, PersonsView& v) {
    auto bytes = v.model.export_xlsx();
    if (!bytes) {
        app.show_error(bytes.error());
        return;
    }
    app.download_xlsx("file.persons", bytes.value());
    app.show_message(tr("persons.exported"));
}

void draw_filter_bar(App& app, PersonsView& v) {
    const float s = app.scale();
    const float combo_w = 170 * s;

    ImGui::SetNextItemWidth(220 * s);
    ImGui::InputTextWithHint("###persons.search", tr("persons.search_hint"), v.search, sizeof(v.search));

    bar_item(combo_w);
    employee_combo("persons.employee", combo_w, "persons.any_employee", v.employee, v.employees,
                           v.combo_search, sizeof(v.combo_search));

    // Customer group, including "No group".
    bar_item(combo_w);
    {
        std::string preview = tr("persons.all_groups");
        if (v.group_kind == PersonsGroupKind::NoGroup) preview = tr("persons.no_group");
        for (const CustomerGroup& g : v.groups)
            if (v.group_kind == PersonsGroupKind::Group && g.id == v.group) preview = g.name;
        ImVec2 pos = ImGui::GetCursorScreenPos();
        ImGui::SetNextItemWidth(combo_w);
        if (ImGui::BeginCombo("###persons.group", preview.c_str(), ImGuiComboFlags_HeightLarge)) {
            if (ImGui::Selectable(with_id("persons.all_groups", "persons.group.any").c_str(),
                                  v.group_kind == PersonsGroupKind::All))
                v.group_kind = PersonsGroupKind::All;
            if (ImGui::Selectable(with_id("persons.no_group", "persons.group.none").c_str(),
                                  v.group_kind == PersonsGroupKind::NoGroup))
                v.group_kind = PersonsGroupKind::NoGroup;
            for (const CustomerGroup& g : v.groups) {
                std::string label = g.name + "###persons.group." + std::to_string(g.id.value);
                if (ImGui::Selectable(label.c_str(), v.group_kind == PersonsGroupKind::Group && g.id == v.group)) {
                    v.group_kind = PersonsGroupKind::Group;
                    v.group = g.id;
                }
            }
            ImGui::EndCombo();
        }
        record_item("persons.group", pos.x, pos.y, pos.x + combo_w, pos.y + ImGui::GetFrameHeight());
    }

    // Special group.
    if (!v.special_groups.empty()) {
        bar_item(combo_w);
        std::string preview = tr("persons.all_special_groups");
        for (const SpecialGroup& g : v.special_groups)
            if (g.id == v.special_group) preview = g.name;
        ImVec2 pos = ImGui::GetCursorScreenPos();
        ImGui::SetNextItemWidth(combo_w);
        if (ImGui::BeginCombo("###persons.special_group", preview.c_str(), ImGuiComboFlags_HeightLarge)) {
            if (ImGui::Selectable(with_id("persons.all_special_groups", "persons.special_group.any").c_str(),
                                  !v.special_group))
                v.special_group = SpecialGroupId();
            for (const SpecialGroup& g : v.special_groups) {
                std::string label = g.name + "###persons.special_group." + std::to_string(g.id.value);
                if (ImGui::Selectable(label.c_str(), g.id == v.special_group)) v.special_group = g.id;
            }
            ImGui::EndCombo();
        }
        record_item("persons.special_group", pos.x, pos.y, pos.x + combo_w, pos.y + ImGui::GetFrameHeight());
    }

    bar_item(checkbox_width(tr("persons.show_archived")));
    ImGui::Checkbox(with_id("persons.show_archived", "persons.show_archived").c_str(), &v.show_archived);
    bar_item(checkbox_width(tr("persons.show_projects")));
    ImGui::Checkbox(with_id("persons.show_projects", "persons.show_projects").c_str(), &v.show_projects);

    // As-of date: only responsibilities valid on that day.
    const float date_w = 140 * s;
    bar_item(ImGui::CalcTextSize(tr("persons.as_of")).x + date_w + ImGui::GetStyle().ItemSpacing.x);
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(tr("persons.as_of"));
    ImGui::SameLine();
    const std::string today = app.engine() ? app.engine()->today() : std::string();
    date_field("persons.as_of", v.as_of, sizeof(v.as_of), date_w, today);
    const std::string as_of = trim(v.as_of);
    const bool as_of_bad = !as_of.empty() && !day_number(typed_date(as_of, today));

    // Ending: within N days, already ended, or both.
    {
        static const char* const kEndingKeys[] = {"persons.ending.any", "persons.ending.within", "persons.ending.ended",
                                                  "persons.ending.within_or_ended"};
        // As wide as its longest choice in the current language ("Mikä tahansa päättymispäivä").
        float ending_w = combo_w;
        for (const char* key : kEndingKeys)
            ending_w = std::max(ending_w, ImGui::CalcTextSize(tr(key)).x + ImGui::GetFrameHeight() +
                                              ImGui::GetStyle().FramePadding.x * 2);
        bar_item(ending_w);
        ImVec2 pos = ImGui::GetCursorScreenPos();
        ImGui::SetNextItemWidth(ending_w);
        if (ImGui::BeginCombo("###persons.ending", tr(kEndingKeys[int(v.ending)]))) {
            for (int i = 0; i < 4; ++i) {
                std::string label = std::string(tr(kEndingKeys[i])) + "###persons.ending." + std::to_string(i);
                if (ImGui::Selectable(label.c_str(), int(v.ending) == i)) v.ending = PersonsEnding(i);
            }
            ImGui::EndCombo();
        }
        record_item("persons.ending", pos.x, pos.y, pos.x + ending_w, pos.y + ImGui::GetFrameHeight());
    }
    if (v.ending == PersonsEnding::Within || v.ending == PersonsEnding::WithinOrEnded) {
        bar_item(120 * s);
        ImGui::SetNextItemWidth(90 * s);
        if (ImGui::InputInt("###persons.ending_days", &v.ending_days, 1, 30)) v.ending_days = std::clamp(v.ending_days, 0, 36500);
        ImGui::SameLine();
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted(tr("persons.days"));
    }

    bool any = v.search[0] || v.employee || v.group_kind != PersonsGroupKind::All || v.special_group ||
               v.show_archived || v.show_projects || v.as_of[0] || v.ending != PersonsEnding::Any;
    if (any) {
        bar_item(ImGui::CalcTextSize(tr("persons.clear_filters")).x + 2 * ImGui::GetStyle().FramePadding.x);
        if (ImGui::Button(with_id("persons.clear_filters", "persons.clear").c_str())) {
            v.search[0] = 0;
            v.employee = EmployeeId();
            v.group_kind = PersonsGroupKind::All;
            v.group = CustomerGroupId();
            v.special_group = SpecialGroupId();
            v.show_archived = v.show_projects = false;
            v.as_of[0] = 0;
            v.ending = PersonsEnding::Any;
        }
    }
    if (as_of_bad) {
        std::string message = tr_format("persons.bad_as_of", {as_of});
        ImGui::TextColored(palette().error, "%s", message.c_str());
        record_last_item("persons.as_of.error");
        note_visible_text(message);
    }
}

void draw_toolbar(App& app, PersonsView& v) {
    const ImGuiStyle& style = ImGui::GetStyle();
    std::string shown = tr_count("persons.shown", (long long)v.model.total_responsibilities(),
                                 {std::to_string(v.model.row_count()), std::to_string(v.model.total_responsibilities())});
    ImGui::AlignTextToFramePadding();
    ImGui::TextColored(palette().muted, "%s", shown.c_str());
    record_last_item("persons.count");
    note_visible_text(shown);

    float replace_w = ImGui::CalcTextSize(tr("persons.replace")).x + style.FramePadding.x * 2;
    float export_w = ImGui::CalcTextSize(tr("persons.export")).x + style.FramePadding.x * 2;
    same_line_right(export_w + replace_w + style.ItemSpacing.x);
    const bool may_replace = may_run(app, "responsibility.replace");
    ImGui::BeginDisabled(!may_replace);
    if (ImGui::Button(with_id("persons.replace", "persons.replace").c_str())) open_replace_dialog(app, v.replace);
    ImGui::EndDisabled();
    explain_admin_only(may_replace);
    ImGui::SameLine();
    if (ImGui::Button(with_id("persons.export", "persons.export").c_str())) export_persons(app, v);
}

// ---------------------------------------------------------------------------------------------
// [SECTION] The table
// ---------------------------------------------------------------------------------------------

std::string interval_text(std::string_view from, std::string_view to) {
    if (from.empty() && to.empty()) return tr("persons.interval.open");
    return shown_date(from) + " \xE2\x80\x93 " + shown_date(to);  // en dash
}

void draw_table(App& app, PersonsView& v, float height) {
    const ImGuiTableFlags flags = ImGuiTableFlags_Resizable | ImGuiTableFlags_Sortable | ImGuiTableFlags_ScrollY |
                                  ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter | ImGuiTableFlags_BordersInnerV |
                                  ImGuiTableFlags_SizingStretchProp;
    if (!ImGui::BeginTable("###persons.table", kPersonsColumnCount, flags, ImVec2(0, height))) return;
    static const float kWeights[kPersonsColumnCount] = {2.4f, 1.3f, 1.6f, 2.0f, 1.6f, 1.6f, 1.2f};
    for (int c = 0; c < kPersonsColumnCount; ++c) {
        ImGuiTableColumnFlags cf = c == 0 ? ImGuiTableColumnFlags_DefaultSort : ImGuiTableColumnFlags_None;
        std::string label = std::string(tr(persons_column_key(PersonsColumn(c)))) + "###persons.column." + std::to_string(c);
        ImGui::TableSetupColumn(label.c_str(), cf, kWeights[c]);
    }
    ImGui::TableSetupScrollFreeze(0, 1);
    // The header row, drawn like TableHeadersRow() but recording persons.column.<i> for automation.
    ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
    for (int c = 0; c < kPersonsColumnCount; ++c) {
        if (!ImGui::TableSetColumnIndex(c)) continue;
        ImGui::PushID(c);
        ImGui::TableHeader(ImGui::TableGetColumnName(c));
        ImGui::PopID();
        record_last_item("persons.column." + std::to_string(c));
    }

    // A header click sorts the model once (stably, so the previous order breaks ties).
    if (ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs()) {
        if (specs->SpecsDirty && specs->SpecsCount > 0) {
            const ImGuiTableColumnSortSpecs& spec = specs->Specs[0];
            v.model.sort(PersonsColumn(spec.ColumnIndex), spec.SortDirection != ImGuiSortDirection_Descending);
        }
        specs->SpecsDirty = false;
    }

    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(v.model.row_count()));
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const size_t row = static_cast<size_t>(i);
            const std::string rid = std::to_string(v.model.row_id(row).value);
            const bool muted = v.model.row_state(row) != PersonsRowState::Current;
            ImGui::TableNextRow();
            ImGui::PushID(i);

            ImGui::TableSetColumnIndex(0);
            if (link(std::string(v.model.row_customer_name(row)), "persons.customer." + rid))
                app.open_customer_card(v.model.row_customer(row));
            if (ImGui::BeginPopupContextItem("###persons.row_menu")) {
                if (ImGui::MenuItem(with_id("persons.menu.open_card", "persons.menu.open_card").c_str()))
                    app.open_customer_card(v.model.row_customer(row));
                if (ImGui::MenuItem(with_id("persons.menu.interval", "persons.menu.interval").c_str()))
                    open_interval_dialog(v, row);
                ImGui::EndPopup();
            }
            if (v.model.row_project(row)) {
                ImGui::SameLine(0, 4);
                ImGui::TextColored(palette().muted, "/");
                ImGui::SameLine(0, 4);
                std::string project(v.model.row_project_number(row));
                if (!project.empty()) project += " ";
                project += v.model.row_project_name(row);
                if (link(project, "persons.project." + rid)) app.open_project_card(v.model.row_project(row));
            }

            ImGui::TableSetColumnIndex(1);
            cell_text(std::string(v.model.row_group_name(row)), muted);
            ImGui::TableSetColumnIndex(2);
            cell_text(std::string(v.model.row_employee_name(row)), muted);
            ImGui::TableSetColumnIndex(3);
            cell_text(std::string(v.model.row_email(row)), muted);
            ImGui::TableSetColumnIndex(4);
            cell_text(std::string(v.model.row_seller_info(row)), muted);

            ImGui::TableSetColumnIndex(5);
            {
                std::string text = interval_text(v.model.row_valid_from(row), v.model.row_valid_to(row));
                if (muted) ImGui::PushStyleColor(ImGuiCol_Text, palette().muted);
                if (ImGui::Selectable((text + "###persons.interval." + rid).c_str(), false))
                    open_interval_dialog(v, row);
                if (muted) ImGui::PopStyleColor();
                if (ImGui::IsItemHovered(ImGuiHoveredFlags_DelayShort)) ImGui::SetTooltip("%s", tr("persons.interval_tip"));
                note_visible_text(text);
            }
            ImGui::TableSetColumnIndex(6);
            cell_text(std::string(v.model.row_role_name(row)), muted);
            ImGui::PopID();
        }
    }
    ImGui::EndTable();
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// [SECTION] The view
// ---------------------------------------------------------------------------------------------

void draw_persons_view(App& app, PersonsView& v) {
    if (!app.engine()) return;
    sync_lists(app, v);
    draw_filter_bar(app, v);
    // The filter as just edited, so the table never draws a frame with stale rows.
    sync_persons_model(app, v);
    draw_toolbar(app, v);
    if (!v.load_error.code.empty()) {
        ImGui::TextColored(palette().error, "%s", v.load_error.message.c_str());
        note_visible_text(v.load_error.message);
    }
    draw_table(app, v, ImGui::GetContentRegionAvail().y);
    draw_interval_dialog(app, v);
    draw_replace_dialog(app, v);
}

}  // namespace vastuu::ui
