// The Changes view: the filter bar (person, from and to days, customer, text), the toolbar (count,
// Excel export) and the table of change-log entries, newest first, of which only the visible rows
// are drawn and described.
//
// [SECTION] Model sync
// [SECTION] Filter bar and toolbar
// [SECTION] The table
// [SECTION] The view
#include "view_changes.h"

#include <imgui.h>

#include <algorithm>
#include <cfloat>

#include "app.h"
#include "date_field.h"
#include "core/text.h"
#include "item_hooks.h"
#include "models/persons_in_charge.h"  // day_number
#include "team_session.h"
#include "theme.h"

namespace vastuu::ui {
namespace {

std::string with_id(const char* key, const char* id) { return std::string(tr(key)) + "###" + id; }

std::string filter_key(const ChangesView& v) {
    return v.who + '\n' + v.from + '\n' + v.to + '\n' + std::to_string(v.customer.value) + '\n' + v.search;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// [SECTION] Model sync
// ---------------------------------------------------------------------------------------------

bool changes_view_allowed(App& app) { return is_administrator(app); }

ChangeHistoryFilter changes_filter(const ChangesView& v, const std::string& today) {
    ChangeHistoryFilter f;
    f.who = v.who;
    f.from_day = typed_date(v.from, today);  // the model ignores a text that is not a day; the field flags it
    f.to_day = typed_date(v.to, today);
    f.customer = v.customer;
    f.search = trim(v.search);
    return f;
}

// A new engine or any change since the last look -> load again (new entries, new names); the filter
// or who is looking changed -> apply again.
void sync_changes_model(App& app, ChangesView& v) {
    Engine& engine = *app.engine();
    const bool reload = !v.loaded || v.generation != app.generation() || v.revision != engine.revision() ||
                        v.viewer != engine.viewer();
    if (reload) {  // load() re-applies the model's filter: the one v.filter_key names
        Status loaded = v.model.load(engine);
        v.load_error = loaded ? Error{} : loaded.error();
        v.loaded = true;
        v.generation = app.generation();
        v.revision = engine.revision();
        v.viewer = engine.viewer();
    }
    if (v.customer && v.customer_name.empty()) {  // set by a route: the picker shows its name
        auto c = engine.get_customer(v.customer);
        v.customer_name = c ? std::to_string(c->number) + " " + c->name : "#" + std::to_string(v.customer.value);
    }
    std::string key = filter_key(v);
    if (key != v.filter_key) {
        Status applied = v.model.apply(changes_filter(v, engine.today()));
        if (!applied) v.load_error = applied.error();
        v.filter_key = std::move(key);
    }
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Filter bar and toolbar
// ---------------------------------------------------------------------------------------------

namespace {

// Places the next bar item on this line, or on the next one when `width` would not fit.
void bar_item(float width) {
    ImGui::SameLine();
    if (ImGui::GetCursorPosX() + width > ImGui::GetWindowContentRegionMax().x) ImGui::NewLine();
}

void person_combo(ChangesView& v, float width) {
    const std::string preview = v.who.empty() ? std::string(tr("changes.any_person")) : v.who;
    ImVec2 pos = ImGui::GetCursorScreenPos();
    ImGui::SetNextItemWidth(width);
    if (ImGui::BeginCombo("###changes.who", preview.c_str(), ImGuiComboFlags_HeightLarge)) {
        if (ImGui::IsWindowAppearing()) {
            v.who_search[0] = 0;
            ImGui::SetKeyboardFocusHere();
        }
        ImGui::SetNextItemWidth(-FLT_MIN);
        ImGui::InputTextWithHint("###changes.who.search", tr("matrix.type_to_filter"), v.who_search, sizeof v.who_search);
        if (ImGui::Selectable(with_id("changes.any_person", "changes.who.any").c_str(), v.who.empty())) v.who.clear();
        const std::string needle = fold_for_search(trim(v.who_search));
        const auto& people = v.model.people();
        for (size_t i = 0; i < people.size(); ++i) {
            if (!needle.empty() && fold_for_search(people[i]).find(needle) == std::string::npos) continue;
            if (ImGui::Selectable((people[i] + "###changes.who." + std::to_string(i)).c_str(), people[i] == v.who))
                v.who = people[i];
        }
        ImGui::EndCombo();
    }
    record_item("changes.who", pos.x, pos.y, pos.x + width, pos.y + ImGui::GetFrameHeight());
}

// A customer picker: the firm may have 50,000 customers, so it lists the first 50 that match
// what is typed (the engine's search: name or number, accent-insensitive, visible ones only).
void customer_combo(App& app, ChangesView& v, float width) {
    const std::string preview = v.customer ? v.customer_name : std::string(tr("changes.any_customer"));
    ImVec2 pos = ImGui::GetCursorScreenPos();
    ImGui::SetNextItemWidth(width);
    if (ImGui::BeginCombo("###changes.customer", preview.c_str(), ImGuiComboFlags_HeightLarge)) {
        if (ImGui::IsWindowAppearing()) {
            v.customer_search[0] = 0;
            v.choices_key = "\x01";  // read the choices again
            ImGui::SetKeyboardFocusHere();
        }
        ImGui::SetNextItemWidth(-FLT_MIN);
        ImGui::InputTextWithHint("###changes.customer.search", tr("changes.customer_hint"), v.customer_search,
                                 sizeof v.customer_search);
        const std::string key = app.cache_key() + "|" + v.customer_search;
        if (key != v.choices_key) {
            CustomerFilter f;
            f.search = trim(v.customer_search);
            f.include_archived = true;
            f.limit = 50;
            v.customer_choices = app.engine()->list_customers(f);
            v.choices_key = key;
        }
        if (ImGui::Selectable(with_id("changes.any_customer", "changes.customer.any").c_str(), !v.customer)) {
            v.customer = CustomerId();
            v.customer_name.clear();
        }
        for (const Customer& c : v.customer_choices) {
            const std::string label = std::to_string(c.number) + " " + c.name;
            if (ImGui::Selectable((label + "###changes.customer." + std::to_string(c.id.value)).c_str(), c.id == v.customer)) {
                v.customer = c.id;
                v.customer_name = label;
            }
        }
        ImGui::EndCombo();
    }
    record_item("changes.customer", pos.x, pos.y, pos.x + width, pos.y + ImGui::GetFrameHeight());
}

// A day field (the user's notation, with a calendar); returns false when it holds text that is not a day.
bool day_field(const char* label_key, const char* id, char* text, size_t size, float width, const std::string& today) {
    bar_item(ImGui::CalcTextSize(tr(label_key)).x + width + ImGui::GetStyle().ItemSpacing.x);
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(tr(label_key));
    ImGui::SameLine();
    date_field(id, text, size, width, today);
    const std::string t = typed_date(text, today);
    return t.empty() || day_number(t).has_value();
}

void draw_filter_bar(App& app, ChangesView& v) {
    const float s = app.scale();
    const float combo_w = 200 * s;
    ImGui::SetNextItemWidth(220 * s);
    ImGui::InputTextWithHint("###changes.search", tr("changes.search_hint"), v.search, sizeof v.search);
    bar_item(combo_w);
    person_combo(v, combo_w);
    bar_item(combo_w);
    customer_combo(app, v, combo_w);
    const std::string today = app.engine()->today();
    const bool from_ok = day_field("changes.from", "changes.from", v.from, sizeof v.from, 150 * s, today);
    const bool to_ok = day_field("changes.to", "changes.to", v.to, sizeof v.to, 150 * s, today);

    if (!v.who.empty() || v.from[0] || v.to[0] || v.customer || v.search[0]) {
        bar_item(ImGui::CalcTextSize(tr("changes.clear_filters")).x + 2 * ImGui::GetStyle().FramePadding.x);
        if (ImGui::Button(with_id("changes.clear_filters", "changes.clear").c_str())) {
            v.who.clear();
            v.from[0] = v.to[0] = v.search[0] = 0;
            v.customer = CustomerId();
            v.customer_name.clear();
        }
    }
    for (const char* bad : {from_ok ? nullptr : v.from, to_ok ? nullptr : v.to}) {
        if (!bad) continue;
        const std::string message = tr_format("changes.bad_day", {trim(bad), date_hint()});
        ImGui::TextColored(palette().error, "%s", message.c_str());
        record_last_item(bad == v.from ? "changes.from.error" : "changes.to.error");
        note_visible_text(message);
    }
}

void export_changes(App& app, ChangesView& v) {
    auto bytes = v.model.export_xlsx();
    if (!bytes) {
        app.show_error(bytes.error());
        return;
    }
    app.download_xlsx("file.changes", bytes.value());
    app.show_message(tr("changes.exported"));
}

void draw_toolbar(App& app, ChangesView& v) {
    const ImGuiStyle& style = ImGui::GetStyle();
    const size_t n = v.model.row_count();
    std::string shown = tr_count("changes.shown", (long long)n, {std::to_string(n)}) + "  \xC2\xB7  " + tr("changes.utc_note");
    ImGui::AlignTextToFramePadding();
    ImGui::TextColored(palette().muted, "%s", shown.c_str());
    record_last_item("changes.count");
    note_visible_text(shown);
    const float export_w = ImGui::CalcTextSize(tr("changes.export")).x + style.FramePadding.x * 2;
    ImGui::SameLine(std::max(ImGui::GetWindowContentRegionMax().x - export_w, ImGui::GetCursorPosX() + style.ItemSpacing.x));
    if (ImGui::Button(with_id("changes.export", "changes.export").c_str())) export_changes(app, v);
}

// ---------------------------------------------------------------------------------------------
// [SECTION] The table
// ---------------------------------------------------------------------------------------------

// Text that looks and acts like a link: true when clicked.
bool link(const std::string& text, const std::string& path) {
    ImGui::PushStyleColor(ImGuiCol_Text, palette().accent);
    const bool clicked = ImGui::Selectable((text + "###" + path).c_str(), false, ImGuiSelectableFlags_None,
                                           ImGui::CalcTextSize(text.c_str(), nullptr, true));
    ImGui::PopStyleColor();
    if (ImGui::IsItemHovered()) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
    note_visible_text(text);
    return clicked;
}

void draw_table(App& app, ChangesView& v, float height) {
    if (v.model.row_count() == 0) {
        ImGui::Spacing();
        ImGui::TextColored(palette().muted, "%s", tr("changes.none"));
        note_visible_text(tr("changes.none"));
        return;
    }
    const float s = app.scale();
    const ImGuiTableFlags flags = ImGuiTableFlags_Resizable | ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg |
                                  ImGuiTableFlags_BordersOuter | ImGuiTableFlags_BordersInnerV |
                                  ImGuiTableFlags_SizingStretchProp;
    if (!ImGui::BeginTable("###changes.table", 5, flags, ImVec2(0, height))) return;
    ImGui::TableSetupColumn(with_id("history.column.time", "changes.column.time").c_str(), ImGuiTableColumnFlags_WidthFixed, 150 * s);
    ImGui::TableSetupColumn(with_id("history.column.who", "changes.column.who").c_str(), ImGuiTableColumnFlags_WidthStretch, 1.2f);
    ImGui::TableSetupColumn(with_id("history.column.action", "changes.column.action").c_str(), ImGuiTableColumnFlags_WidthStretch, 1.3f);
    ImGui::TableSetupColumn(with_id("history.column.what", "changes.column.what").c_str(), ImGuiTableColumnFlags_WidthStretch, 2.2f);
    ImGui::TableSetupColumn(with_id("history.column.changes", "changes.column.changes").c_str(), ImGuiTableColumnFlags_WidthStretch, 3.0f);
    ImGui::TableSetupScrollFreeze(0, 1);
    table_headers_row();

    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(v.model.row_count()));
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const size_t row = static_cast<size_t>(i);
            const std::string rid = std::to_string(v.model.row_id(row).value);
            ImGui::TableNextRow();
            ImGui::PushID(i);
            ImGui::TableSetColumnIndex(0);
            cell_text(v.model.row_time(row), true);
            record_last_item("changes.row." + rid);
            ImGui::TableSetColumnIndex(1);
            cell_text(v.model.row_who(row));
            ImGui::TableSetColumnIndex(2);
            cell_text(v.model.row_action(row));
            const ChangeDescription& d = v.model.describe(row);
            ImGui::TableSetColumnIndex(3);
            if (d.customer) {
                const CustomerId customer = d.customer;
                if (link(d.what, "changes.what." + rid)) app.open_customer_card(customer);
            } else {
                cell_text(d.what);
            }
            ImGui::TableSetColumnIndex(4);
            cell_text(v.model.describe(row).changes);
            ImGui::PopID();
        }
    }
    ImGui::EndTable();
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// [SECTION] The view
// ---------------------------------------------------------------------------------------------

void draw_changes_view(App& app, ChangesView& v) {
    if (!app.engine()) return;
    sync_changes_model(app, v);  // people() for the person picker
    draw_filter_bar(app, v);
    sync_changes_model(app, v);  // the filter as just edited, so the table never shows stale rows
    draw_toolbar(app, v);
    if (!v.load_error.code.empty()) {
        ImGui::TextColored(palette().error, "%s", v.load_error.message.c_str());
        note_visible_text(v.load_error.message);
    }
    draw_table(app, v, ImGui::GetContentRegionAvail().y);
}

}  // namespace vastuu::ui
