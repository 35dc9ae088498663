// The customer card and the project card: one modal dialog that shows either, opened by a click on
// a customer's or a project's name anywhere (App::open_customer_card / open_project_card). The
// customer card edits name, number, group and archived (customer.update, customer.archive), the
// project card name, number and archived (project.update); the customer card ticks
// special groups (special_group.update), adds projects (project.create) and edits a
// responsibility's interval inline (responsibility.update); both cards list the latest changes.
//
// [SECTION] Name links
// [SECTION] Loading and small helpers
// [SECTION] Shared sections: responsible persons, latest changes
// [SECTION] Customer card
// [SECTION] Project card
// [SECTION] The dialog
#include <imgui.h>

#include <algorithm>
#include <cfloat>
#include <cstring>

#include "app.h"
#include "dialog_frame.h"
#include "fitted_text.h"
#include "item_hooks.h"
#include "core/text.h"
#include "views_groups.h"
#include "date_field.h"
#include "widgets.h"

namespace vastuu::ui {

// ---------------------------------------------------------------------------------------------
// [SECTION] Name links
// ---------------------------------------------------------------------------------------------

bool name_link(const std::string& text, const std::string& path, bool muted) {
    ImVec2 size = ImGui::CalcTextSize(text.c_str());
    size.x = std::max(1.0f, std::min(size.x, ImGui::GetContentRegionAvail().x));
    ImVec2 pos = ImGui::GetCursorScreenPos();
    bool clicked = ImGui::InvisibleButton(("###" + path).c_str(), size);
    bool hovered = ImGui::IsItemHovered();
    ImVec4 colour = hovered ? palette().accent : muted ? palette().muted : ImGui::GetStyleColorVec4(ImGuiCol_Text);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    if (draw_fitted_text(dl, pos, size.x, ImGui::GetColorU32(colour), text)) full_text_tooltip(text);
    if (hovered) {
        float y = pos.y + size.y - 1.0f;
        dl->AddLine(ImVec2(pos.x, y), ImVec2(pos.x + size.x, y), ImGui::GetColorU32(colour));
        ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
    }
    note_visible_text(text);
    return clicked;
}

namespace {

// ---------------------------------------------------------------------------------------------
// [SECTION] Loading and small helpers
// ---------------------------------------------------------------------------------------------


void copy_text(char* dst, size_t size, const std::string& src) { std::snprintf(dst, size, "%s", src.c_str()); }

// True when the form fields still hold what the card showed (nothing typed yet). The fields are
// the customer's on a customer card and the project's on a project card.
bool fields_untouched(const CardDialog& d) {
    if (d.project) {
        const Project& p = d.project_card.project;
        return p.name == d.name && p.number == d.number && p.archived == d.archived;
    }
    const Customer& c = d.customer_card.customer;
    return c.name == d.name && std::to_string(c.number) == d.number && c.group == d.group && c.archived == d.archived;
}

void fill_fields(CardDialog& d) {
    if (d.project) {
        const Project& p = d.project_card.project;
        copy_text(d.name, sizeof(d.name), p.name);
        copy_text(d.number, sizeof(d.number), p.number);
        d.archived = p.archived;
        return;
    }
    const Customer& c = d.customer_card.customer;
    copy_text(d.name, sizeof(d.name), c.name);
    copy_text(d.number, sizeof(d.number), std::to_string(c.number));
    d.group = c.group;
    d.archived = c.archived;
}

// Reads the card again when the database, the viewer or the card shown changed. The fields keep
// what the user typed unless the card changed to another customer or they were untouched.
void load(App& app, CardDialog& d) {
    std::string entity = d.project ? "p" + std::to_string(d.project.value) : "c" + std::to_string(d.customer.value);
    std::string key = app.cache_key() + "|" + entity;
    if (key == d.cache_key) return;
    Engine& engine = *app.engine();
    const bool same = entity == d.entity_key;
    const bool untouched = same && d.load_error.code.empty() && fields_untouched(d);
    d.load_error = Error{};
    if (d.project) {
        auto card = project_card(engine, d.project, 30);
        if (card) {
            d.project_card = std::move(card.value());
            if (!same || untouched) fill_fields(d);
        } else {
            d.load_error = card.error();
        }
    } else {
        auto card = customer_card(engine, d.customer, 30);
        if (card) {
            d.customer_card = std::move(card.value());
            if (!same || untouched) fill_fields(d);
        } else {
            d.load_error = card.error();
        }
    }
    d.groups = engine.list_customer_groups();
    d.special_groups = engine.list_special_groups();
    d.entity_key = entity;
    d.cache_key = key;
}

void section_heading(const char* key) {
    ImGui::Spacing();
    ImGui::Spacing();
    ImFont* font = heading_font();
    if (font) ImGui::PushFont(font);
    ImGui::TextUnformatted(tr(key));
    note_visible_text(tr(key));
    if (font) ImGui::PopFont();
    ImGui::Separator();
}

// "2026-01-01 – 2026-12-31" ("1.1.2026 – 31.12.2026" in Finnish), "… – 2026-12-31", "no time limits".
std::string interval_text(const Responsibility& r) {
    if (r.valid_from.empty() && r.valid_to.empty()) return tr("card.no_interval");
    return (r.valid_from.empty() ? std::string("…") : shown_date(r.valid_from)) + " – " +
           (r.valid_to.empty() ? std::string("…") : shown_date(r.valid_to));
}

const char* state_key(const Responsibility& r, const std::string& today) {
    if (!r.valid_to.empty() && r.valid_to < today) return "card.state.ended";
    if (!r.valid_from.empty() && r.valid_from > today) return "card.state.future";
    return "card.state.active";
}

// A value of a change-log row for reading: text as it is, null as a dash.
std::string value_text(const nlohmann::json& v) {
    if (v.is_null()) return "–";
    if (v.is_string()) return shown_date(v.get<std::string>());  // a day in the user's notation
    if (v.is_boolean()) return v.get<bool>() ? tr("card.yes") : tr("card.no");
    return v.dump();
}

// One line about what a change-log entry did to its row.
std::string change_summary(const ChangeLogEntry& e, const std::vector<SpecialGroup>& specials) {
    nlohmann::json before = e.before.empty() ? nlohmann::json() : nlohmann::json::parse(e.before, nullptr, false);
    nlohmann::json after = e.after.empty() ? nlohmann::json() : nlohmann::json::parse(e.after, nullptr, false);
    if (e.entity == "special_group_member") {
        const nlohmann::json& row = after.is_object() ? after : before;
        std::string name;
        if (row.is_object() && row.contains("special_group_id") && row["special_group_id"].is_number_integer())
            for (const SpecialGroup& g : specials)
                if (g.id.value == row["special_group_id"].get<int64_t>()) name = g.name;
        return tr_format(after.is_object() ? "card.change.joined" : "card.change.left", {name});
    }
    auto named = [](const nlohmann::json& row) {
        return row.is_object() && row.contains("name") && row["name"].is_string() ? " " + row["name"].get<std::string>()
                                                                                   : std::string();
    };
    if (!before.is_object() && after.is_object()) return tr("card.change.created") + named(after);
    if (before.is_object() && !after.is_object()) return tr("card.change.deleted") + named(before);
    if (!before.is_object()) return "";
    std::string out;
    for (auto it = after.begin(); it != after.end(); ++it) {
        if (it.key() == "id") continue;
        auto old = before.find(it.key());
        if (old != before.end() && *old == it.value()) continue;
        const std::string field = "change.field." + it.key();  // the field in words, not its column name
        out += (out.empty() ? "" : "; ") + (tr_has(field.c_str()) ? std::string(tr(field.c_str())) : it.key()) + ": " +
               (old == before.end() ? std::string("–") : value_text(*old)) + " → " + value_text(it.value());
    }
    return out;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Shared sections: responsible persons, latest changes
// ---------------------------------------------------------------------------------------------

void start_interval_edit(CardDialog& d, const Responsibility& r) {
    d.editing = r.id;
    copy_text(d.edit_from, sizeof(d.edit_from), shown_date(r.valid_from));
    copy_text(d.edit_to, sizeof(d.edit_to), shown_date(r.valid_to));
    d.responsibility_error = Error{};
}

void save_interval(App& app, CardDialog& d) {
    const std::string today = app.engine()->today();
    auto date = [&today](const char* text) -> nlohmann::json {
        std::string t = typed_date(text, today);
        if (t.empty()) return nullptr;
        return t;
    };
    auto r = app.run_command({{"cmd", "responsibility.update"},
                              {"id", d.editing.value},
                              {"valid_from", date(d.edit_from)},
                              {"valid_to", date(d.edit_to)}});
    if (!r) {
        d.responsibility_error = r.error();
        return;
    }
    d.editing = ResponsibilityId();
    d.responsibility_error = Error{};
    app.show_message(tr("card.interval_saved"));
}

// The responsible persons table; `with_target` adds the "On" column (customer or which project).
void draw_responsibilities(App& app, CardDialog& d, const std::vector<CardResponsibility>& rows, bool with_target) {
    const float s = app.scale();
    if (rows.empty()) {
        cell_text(tr("card.no_responsibilities"), true);
        return;
    }
    const std::string today = app.engine()->today();
    int columns = with_target ? 6 : 5;
    ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp;
    if (!ImGui::BeginTable("###card.responsibilities", columns, flags)) return;
    ImGui::TableSetupColumn(tr("card.col.person"), ImGuiTableColumnFlags_WidthStretch, 1.6f);
    ImGui::TableSetupColumn(tr("card.col.role"), ImGuiTableColumnFlags_WidthStretch, 1.2f);
    if (with_target) ImGui::TableSetupColumn(tr("card.col.on"), ImGuiTableColumnFlags_WidthStretch, 1.6f);
    ImGui::TableSetupColumn(tr("card.col.interval"), ImGuiTableColumnFlags_WidthFixed, 250 * s);
    ImGui::TableSetupColumn(tr("card.col.state"), ImGuiTableColumnFlags_WidthFixed, 90 * s);
    ImGui::TableSetupColumn("###card.col.edit", ImGuiTableColumnFlags_WidthFixed, 70 * s);
    ImGui::TableHeadersRow();
    for (const CardResponsibility& cr : rows) {
        const Responsibility& r = cr.responsibility;
        const std::string id = std::to_string(r.id.value);
        const bool ended = std::strcmp(state_key(r, today), "card.state.ended") == 0;
        ImGui::PushID(id.c_str());
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        cell_text(cr.employee_name, ended);
        ImGui::TableNextColumn();
        cell_text(cr.role_name.empty() ? std::string(tr("card.no_role")) : cr.role_name, cr.role_name.empty() || ended);
        if (with_target) {
            ImGui::TableNextColumn();
            if (r.project) {
                if (name_link(cr.project_number + " " + cr.project_name, "card.resp_project." + id, ended))
                    app.open_project_card(r.project);
            } else {
                cell_text(tr("card.on_customer"), true);
            }
        }
        ImGui::TableNextColumn();
        if (d.editing == r.id) {
            const std::string today = app.engine()->today();
            date_field("card.resp.from", d.edit_from, sizeof(d.edit_from), 130 * s, today);
            ImGui::SameLine(0, 4 * s);
            ImGui::TextUnformatted("–");
            ImGui::SameLine(0, 4 * s);
            date_field("card.resp.to", d.edit_to, sizeof(d.edit_to), 130 * s, today);
        } else {
            cell_text(interval_text(r), ended);
        }
        ImGui::TableNextColumn();
        cell_text(tr(state_key(r, today)), true);
        ImGui::TableNextColumn();
        if (d.editing == r.id) {
            if (ImGui::SmallButton(with_id("dialog.save", "card.resp.save").c_str())) save_interval(app, d);
            ImGui::SameLine(0, 4 * s);
            if (ImGui::SmallButton(with_id("card.cancel_x", "card.resp.cancel").c_str())) {
                d.editing = ResponsibilityId();
                d.responsibility_error = Error{};
            }
        } else if (ImGui::SmallButton(with_id("card.edit", "card.resp.edit." + id).c_str())) {
            start_interval_edit(d, r);
        }
        ImGui::PopID();
    }
    ImGui::EndTable();
    field_error(d.responsibility_error, "valid_from");
    field_error(d.responsibility_error, "valid_to");
    form_error(d.responsibility_error, {"valid_from", "valid_to"});
}

void draw_changes(App& app, const std::vector<ChangeLogEntry>& changes, const std::vector<SpecialGroup>& specials) {
    const float s = app.scale();
    if (changes.empty()) {
        cell_text(tr("card.no_changes"), true);
        return;
    }
    ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp;
    if (!ImGui::BeginTable("###card.changes", 4, flags)) return;
    ImGui::TableSetupColumn(tr("card.col.when"), ImGuiTableColumnFlags_WidthFixed, 150 * s);
    ImGui::TableSetupColumn(tr("card.col.who"), ImGuiTableColumnFlags_WidthFixed, 120 * s);
    ImGui::TableSetupColumn(tr("card.col.action"), ImGuiTableColumnFlags_WidthFixed, 160 * s);
    ImGui::TableSetupColumn(tr("card.col.change"), ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableHeadersRow();
    for (const ChangeLogEntry& e : changes) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        std::string at = e.at;
        std::replace(at.begin(), at.end(), 'T', ' ');
        if (!at.empty() && at.back() == 'Z') at.pop_back();
        cell_text(at, true);
        ImGui::TableNextColumn();
        // The single-user app's actor is the administrator: named in the UI's language.
        static const std::string administrator = EngineOptions{}.actor;
        cell_text(e.who == administrator ? std::string(tr("signed_in.admin")) : e.who);
        ImGui::TableNextColumn();
        std::string key = "command." + e.command;
        cell_text(tr_has(key.c_str()) ? tr(key.c_str()) : e.command);
        ImGui::TableNextColumn();
        ImGui::PushTextWrapPos(0.0f);
        cell_text(change_summary(e, specials));
        ImGui::PopTextWrapPos();
    }
    ImGui::EndTable();
}

// The details form of either card: a column of labels, then the fields. Name and number come
// first, archived and Save last; the customer card puts its group between them.
class DetailsForm {
public:
    explicit DetailsForm(App& app) : scale_(app.scale()), label_w_(150 * scale_), field_w_(320 * scale_) {
        section_heading("card.details");
    }
    float field_width() const { return field_w_; }

    void label(const char* key) const {
        ImGui::AlignTextToFramePadding();
        field_label(tr(key));
        ImGui::SameLine(label_w_);
    }

    void name_and_number(CardDialog& d, const char* number_key, ImGuiInputTextFlags number_flags) const {
        label("customer_dialog.name");
        ImGui::SetNextItemWidth(field_w_);
        ImGui::InputText("###card.name", d.name, sizeof(d.name));
        field_error(d.error, "name");
        label(number_key);
        ImGui::SetNextItemWidth(140 * scale_);
        ImGui::InputText("###card.number", d.number, sizeof(d.number), number_flags);
        field_error(d.error, "number");
    }

    void archived(CardDialog& d) const {
        label("customer_dialog.archived");
        ImGui::Checkbox("###card.archived", &d.archived);
        field_error(d.error, "archived");
    }

    // The Save button under the fields, enabled once something was typed or ticked.
    bool save_clicked(const CardDialog& d) const {
        ImGui::Dummy(ImVec2(label_w_ - ImGui::GetStyle().ItemSpacing.x, 0));
        ImGui::SameLine();
        ImGui::BeginDisabled(fields_untouched(d));
        const bool clicked = primary_button(with_id("card.save", "card.save").c_str());
        ImGui::EndDisabled();
        return clicked;
    }

private:
    float scale_, label_w_, field_w_;
};

// ---------------------------------------------------------------------------------------------
// [SECTION] Customer card
// ---------------------------------------------------------------------------------------------

void save_details(App& app, CardDialog& d) {
    const Customer& c = d.customer_card.customer;
    Status saved = save_customer(app, c, d.name, d.number, d.group, d.archived, true);
    if (!saved) {
        d.error = saved.error();
        return;
    }
    d.error = Error{};
    d.cache_key.clear();
    d.entity_key.clear();  // read the fields back from the saved customer
    app.show_message(tr_format("customers.saved", {trim(d.name)}));
}

void toggle_special_group(App& app, CardDialog& d, const SpecialGroup& g, bool on) {
    const int64_t me = d.customer_card.customer.id.value;
    auto r = app.run_command({{"cmd", on ? "special_group.add_member" : "special_group.remove_member"},
                              {"id", g.id.value}, {"customer_id", me}});
    if (!r)
        app.show_error(r.error());
    else
        app.show_message(tr_format(on ? "card.joined" : "card.left", {g.name}));
}

void add_project(App& app, CardDialog& d) {
    nlohmann::json cmd = {{"cmd", "project.create"}, {"customer_id", d.customer_card.customer.id.value},
                          {"name", d.project_name}};
    std::string number = trim(d.project_number);
    if (!number.empty()) cmd["number"] = number;
    auto r = app.run_command(cmd);
    if (!r) {
        d.project_error = r.error();
        return;
    }
    d.project_error = Error{};
    app.show_message(tr_format("card.project_added", {trim(d.project_name)}));
    d.project_name[0] = d.project_number[0] = 0;
}

void draw_customer_card(App& app, CardDialog& d) {
    const float s = app.scale();
    const CustomerCard& card = d.customer_card;
    const Customer& c = card.customer;

    // Heading: number and name, group, archived.
    ImFont* font = heading_font();
    if (font) ImGui::PushFont(font);
    cell_text(std::to_string(c.number) + "  " + c.name);
    record_last_item("card.title");
    if (font) ImGui::PopFont();
    std::string sub = card.group_name.empty() ? std::string(tr("customers.no_group")) : card.group_name;
    if (!card.special_groups.empty()) {
        sub += "  ·  ";
        for (size_t i = 0; i < card.special_groups.size(); ++i) sub += (i ? ", " : "") + card.special_groups[i].name;
    }
    if (c.archived) sub += "  ·  " + std::string(tr("customers.archived"));
    cell_text(sub, true);

    // Details form.
    DetailsForm form(app);
    form.name_and_number(d, "customer_dialog.number", ImGuiInputTextFlags_CharsDecimal);
    form.label("customer_dialog.group");
    std::string preview = tr("customers.no_group");
    for (const CustomerGroup& g : d.groups)
        if (g.id == d.group) preview = g.name;
    ImVec2 combo_pos = ImGui::GetCursorScreenPos();
    const float field_w = form.field_width();
    ImGui::SetNextItemWidth(field_w);
    if (ImGui::BeginCombo("###card.group", preview.c_str())) {
        if (ImGui::Selectable(with_id("customers.no_group", "card.group.none").c_str(), !d.group))
            d.group = CustomerGroupId();
        for (const CustomerGroup& g : d.groups)
            if (ImGui::Selectable((g.name + "###card.group." + std::to_string(g.id.value)).c_str(), d.group == g.id))
                d.group = g.id;
        ImGui::EndCombo();
    }
    record_item("card.group", combo_pos.x, combo_pos.y, combo_pos.x + field_w, combo_pos.y + ImGui::GetFrameHeight());
    field_error(d.error, "group_id");
    form.archived(d);
    form_error(d.error, {"name", "number", "group_id", "archived"});
    if (form.save_clicked(d)) save_details(app, d);

    // Special groups: a tick joins or leaves at once (one command each, undoable).
    section_heading("card.special_groups");
    if (d.special_groups.empty()) cell_text(tr("card.no_special_groups"), true);
    float x_end = ImGui::GetWindowContentRegionMax().x;
    for (size_t i = 0; i < d.special_groups.size(); ++i) {
        const SpecialGroup& g = d.special_groups[i];
        bool on = std::any_of(card.special_groups.begin(), card.special_groups.end(),
                              [&](const SpecialGroup& m) { return m.id == g.id; });
        float w = ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x + ImGui::CalcTextSize(g.name.c_str()).x;
        if (i > 0) {
            ImGui::SameLine(0, 18 * s);
            if (ImGui::GetCursorPosX() + w > x_end) ImGui::NewLine();
        }
        if (ImGui::Checkbox((g.name + "###card.special." + std::to_string(g.id.value)).c_str(), &on))
            toggle_special_group(app, d, g, on);
        if (!g.legend.empty() && ImGui::IsItemHovered(ImGuiHoveredFlags_DelayShort))
            ImGui::SetTooltip("%s", g.legend.c_str());
    }

    // Projects: a click on a name opens its card; a new one is added below.
    section_heading("card.projects");
    if (card.projects.empty()) {
        cell_text(tr("card.no_projects"), true);
    } else if (ImGui::BeginTable("###card.projects", 3, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH |
                                                           ImGuiTableFlags_SizingStretchProp)) {
        ImGui::TableSetupColumn(tr("card.col.number"), ImGuiTableColumnFlags_WidthFixed, 90 * s);
        ImGui::TableSetupColumn(tr("card.col.project"), ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableSetupColumn(tr("customers.col.status"), ImGuiTableColumnFlags_WidthFixed, 100 * s);
        ImGui::TableHeadersRow();
        for (const Project& p : card.projects) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            cell_text(p.number, p.archived);
            ImGui::TableNextColumn();
            if (name_link(p.name, "card.project." + std::to_string(p.id.value), p.archived)) app.open_project_card(p.id);
            ImGui::TableNextColumn();
            if (p.archived) cell_text(tr("customers.archived"), true);
        }
        ImGui::EndTable();
    }
    ImGui::SetNextItemWidth(field_w);
    ImGui::InputTextWithHint("###card.project_name", tr("card.project_name_hint"), d.project_name,
                             sizeof(d.project_name));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(120 * s);
    ImGui::InputTextWithHint("###card.project_number", tr("card.project_number_hint"), d.project_number,
                             sizeof(d.project_number));
    ImGui::SameLine();
    if (ImGui::Button(with_id("card.add_project", "card.add_project").c_str())) add_project(app, d);
    field_error(d.project_error, "name");
    field_error(d.project_error, "number");
    form_error(d.project_error, {"name", "number"});

    section_heading("card.responsible");
    draw_responsibilities(app, d, card.responsibilities, true);

    section_heading("card.changes");
    draw_changes(app, card.recent_changes, d.special_groups);
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Project card
// ---------------------------------------------------------------------------------------------

void save_project_details(App& app, CardDialog& d) {
    const Project& p = d.project_card.project;
    nlohmann::json cmd = {{"cmd", "project.update"}, {"id", p.id.value}};
    if (p.name != d.name) cmd["name"] = d.name;
    if (p.number != d.number) cmd["number"] = d.number;
    if (p.archived != d.archived) cmd["archived"] = d.archived;
    if (cmd.size() > 2) {
        auto r = app.run_command(cmd);
        if (!r) {
            d.error = r.error();
            return;
        }
    }
    d.error = Error{};
    d.cache_key.clear();
    d.entity_key.clear();  // read the fields back from the saved project
    app.show_message(tr_format("card.project.saved", {trim(d.name)}));
}

void draw_project_card(App& app, CardDialog& d) {
    const ProjectCard& card = d.project_card;
    ImFont* font = heading_font();
    if (font) ImGui::PushFont(font);
    cell_text(card.project.number + "  " + card.project.name);
    record_last_item("card.title");
    if (font) ImGui::PopFont();
    ImGui::AlignTextToFramePadding();
    field_label(tr("card.customer"));
    ImGui::SameLine();
    if (name_link(std::to_string(card.customer.number) + "  " + card.customer.name, "card.customer"))
        app.open_customer_card(card.customer.id);
    if (card.project.archived) {
        ImGui::SameLine();
        cell_text("· " + std::string(tr("customers.archived")), true);
    }

    // Details form: name, number (unique within the customer), archived.
    DetailsForm form(app);
    form.name_and_number(d, "card.project.number", 0);
    form.archived(d);
    form_error(d.error, {"name", "number", "archived"});
    if (form.save_clicked(d)) save_project_details(app, d);

    section_heading("card.responsible");
    draw_responsibilities(app, d, card.responsibilities, false);

    section_heading("card.changes");
    draw_changes(app, card.recent_changes, d.special_groups);
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// [SECTION] The dialog
// ---------------------------------------------------------------------------------------------

void draw_card_dialog(App& app, CardDialog& d) {
    CardRequest request;
    if (app.take_card_request(request)) {
        d.customer = request.customer;
        d.project = request.project;
        d.cache_key.clear();
        d.editing = ResponsibilityId();
        d.error = d.project_error = d.responsibility_error = Error{};
        d.open_request = true;
    }
    if (!app.engine() || (!d.customer && !d.project)) return;
    if (d.open_request) {
        if (!ImGui::IsPopupOpen("###card")) ImGui::OpenPopup("###card");
        d.open_request = false;
    }
    const float s = app.scale();
    std::string title = std::string(tr(d.project ? "card.project_title" : "card.customer_title")) + "###card";
    if (!begin_dialog(title.c_str(), 900 * s, 900 * s)) {
        d.customer = CustomerId();  // closed (Escape or Close): nothing to keep reading
        d.project = ProjectId();
        d.entity_key.clear();
        return;
    }
    load(app, d);

    const ImGuiStyle& style = ImGui::GetStyle();
    if (!d.load_error.code.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, palette().error);
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextUnformatted(d.load_error.message.c_str());
        ImGui::PopTextWrapPos();
        ImGui::PopStyleColor();
        note_visible_text(d.load_error.message);
    } else if (d.project) {
        draw_project_card(app, d);
    } else {
        draw_customer_card(app, d);
    }
    dialog_footer();

    ImGui::Separator();
    float close_w = ImGui::CalcTextSize(tr("card.close")).x + style.FramePadding.x * 2 + 24 * s;
    ImGui::SetCursorPosX(ImGui::GetWindowContentRegionMax().x - close_w);
    bool close = ImGui::Button(with_id("card.close", "card.close").c_str(), ImVec2(close_w, 0));
    if (dialog_cancel_key() && !ImGui::GetIO().WantTextInput) close = true;
    if (close) {
        ImGui::CloseCurrentPopup();
        d.customer = CustomerId();
        d.project = ProjectId();
        d.entity_key.clear();
    }
    end_dialog();
}

}  // namespace vastuu::ui
