// The replace tool: "move the responsibilities of X (only in group G, only with role R) to Y from
// day D". Preview first (preview_replace: how many, which customers), then Apply runs
// responsibility.replace, one command and so one undo step. Apply is offered only for a preview of
// exactly the inputs shown, so what the user saw is what changes.
#include <imgui.h>

#include <cstdio>

#include "app.h"
#include "dialog_frame.h"
#include "item_hooks.h"
#include "core/text.h"
#include "view_persons.h"
#include "date_field.h"
#include "widgets.h"

namespace vastuu::ui {
namespace {

constexpr size_t kPreviewCustomers = 10;  // customers listed by name under the count


std::string replace_key(const ReplaceDialog& d) {
    return std::to_string(d.from.value) + "," + std::to_string(d.to.value) + "," + std::to_string(d.group.value) +
           "," + std::to_string(d.role.value) + "," + typed_date(d.date, d.today);
}

ReplaceRequest replace_request(const ReplaceDialog& d) {
    return ReplaceRequest{d.from, d.to, typed_date(d.date, d.today), d.group, d.role};
}

// The refusals of a request that names no employee yet, before asking the engine.
bool check_picked(ReplaceDialog& d) {
    if (!d.from) {
        d.error = Error{"command.missing_argument", tr("replace.pick_from"), "from_employee_id"};
        return false;
    }
    if (!d.to) {
        d.error = Error{"command.missing_argument", tr("replace.pick_to"), "to_employee_id"};
        return false;
    }
    return true;
}

void run_preview(App& app, ReplaceDialog& d) {
    d.previewed = false;
    d.preview = ReplacePreview{};
    if (!check_picked(d)) return;
    auto preview = preview_replace(*app.engine(), replace_request(d));
    if (!preview) {
        d.error = preview.error();
        return;
    }
    d.error = Error{};
    d.preview = std::move(preview.value());
    d.previewed = true;
    d.preview_key = replace_key(d);
}

bool run_apply(App& app, ReplaceDialog& d) {
    nlohmann::json command = {{"cmd", "responsibility.replace"},
                              {"from_employee_id", d.from.value},
                              {"to_employee_id", d.to.value},
                              {"from_date", typed_date(d.date, d.today)}};
    if (d.group) command["group_id"] = d.group.value;
    if (d.role) command["role_id"] = d.role.value;
    auto result = app.run_command(command);
    if (!result) {
        d.error = result.error();
        return false;
    }
    d.error = Error{};
    app.show_message(tr_count("replace.done", result.value().value("count", int64_t(0)),
                                      {std::to_string(result.value().value("count", int64_t(0)))}));
    return true;
}

}  // namespace

void open_replace_dialog(App& app, ReplaceDialog& d) {
    d = ReplaceDialog{};
    d.open_request = true;
    d.today = app.engine() ? app.engine()->today() : std::string();
    std::snprintf(d.date, sizeof d.date, "%s", shown_date(d.today).c_str());
}

void draw_replace_dialog(App& app, PersonsView& v) {
    ReplaceDialog& d = v.replace;
    const float s = app.scale();
    if (d.open_request) {
        ImGui::OpenPopup("###replace_dialog");
        d.open_request = false;
    }
    std::string title = with_id("replace.title", "replace_dialog");
    if (!begin_dialog(title.c_str(), 520 * s)) return;

    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(tr("replace.intro"));
    ImGui::PopTextWrapPos();
    ImGui::Spacing();
    const float w = ImGui::GetContentRegionAvail().x;

    field_label(tr("replace.from"));
    employee_combo("replace.from", w, "replace.choose", d.from, v.employees, d.combo_search,
                           sizeof d.combo_search);
    field_error(d.error, "from_employee_id");
    field_label(tr("replace.to"));
    employee_combo("replace.to", w, "replace.choose", d.to, v.employees, d.combo_search, sizeof d.combo_search);
    field_error(d.error, "to_employee_id");

    // Optional: only one customer group.
    field_label(tr("replace.group"));
    {
        std::string preview = tr("replace.any_group");
        for (const CustomerGroup& g : v.groups)
            if (g.id == d.group) preview = g.name;
        ImVec2 pos = ImGui::GetCursorScreenPos();
        ImGui::SetNextItemWidth(w);
        if (ImGui::BeginCombo("###replace.group", preview.c_str(), ImGuiComboFlags_HeightLarge)) {
            if (ImGui::Selectable(with_id("replace.any_group", "replace.group.any").c_str(), !d.group))
                d.group = CustomerGroupId();
            for (const CustomerGroup& g : v.groups)
                if (ImGui::Selectable((g.name + "###replace.group." + std::to_string(g.id.value)).c_str(), g.id == d.group))
                    d.group = g.id;
            ImGui::EndCombo();
        }
        record_item("replace.group", pos.x, pos.y, pos.x + w, pos.y + ImGui::GetFrameHeight());
    }
    field_error(d.error, "group_id");

    // Optional: only one role.
    if (!v.roles.empty()) {
        field_label(tr("replace.role"));
        std::string preview = tr("replace.any_role");
        for (const Role& r : v.roles)
            if (r.id == d.role) preview = r.name;
        ImVec2 pos = ImGui::GetCursorScreenPos();
        ImGui::SetNextItemWidth(w);
        if (ImGui::BeginCombo("###replace.role", preview.c_str(), ImGuiComboFlags_HeightLarge)) {
            if (ImGui::Selectable(with_id("replace.any_role", "replace.role.any").c_str(), !d.role)) d.role = RoleId();
            for (const Role& r : v.roles) {
                std::string label = r.name + "###replace.role." + std::to_string(r.id.value);
                if (ImGui::Selectable(label.c_str(), r.id == d.role)) d.role = r.id;
            }
            ImGui::EndCombo();
        }
        record_item("replace.role", pos.x, pos.y, pos.x + w, pos.y + ImGui::GetFrameHeight());
        field_error(d.error, "role_id");
    }

    field_label(tr("replace.date"));
    date_field("replace.date", d.date, sizeof d.date, 170 * s, d.today);
    field_error(d.error, "from_date");
    ImGui::PushStyleColor(ImGuiCol_Text, palette().muted);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(tr("replace.date_hint"));
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
    form_error(d.error, {"from_employee_id", "to_employee_id", "group_id", "role_id", "from_date"});
    ImGui::Spacing();

    // The preview, while it still describes the inputs above.
    const bool current = d.previewed && d.preview_key == replace_key(d);
    if (current) {
        std::string count = tr_format("replace.preview_count", {std::to_string(d.preview.count),
                                                                std::to_string(d.preview.customers.size())});
        ImGui::TextUnformatted(count.c_str());
        record_last_item("replace.count");
        note_visible_text(count);
        const size_t shown = std::min(d.preview.customers.size(), kPreviewCustomers);
        for (size_t i = 0; i < shown; ++i) {
            const auto& c = d.preview.customers[i];
            ImGui::Bullet();
            cell_text(std::to_string(c.number) + " " + c.name);
        }
        if (d.preview.customers.size() > shown) {
            std::string more = tr_count("replace.more", (long long)(d.preview.customers.size() - shown),
                                        {std::to_string(d.preview.customers.size() - shown)});
            cell_text(more, true);
        }
        ImGui::Spacing();
    }

    dialog_footer();
    // Enter does the next step: Apply once a current preview has something to move, else Preview.
    const bool can_apply = current && d.preview.count > 0;
    const bool enter = dialog_submit_key();
    if (ImGui::Button(with_id("replace.preview", "replace.preview").c_str()) || (enter && !can_apply))
        run_preview(app, d);
    ImGui::SameLine();
    ImGui::BeginDisabled(!can_apply);
    bool apply = primary_button(with_id("replace.apply", "replace.apply").c_str()) || (enter && can_apply);
    ImGui::EndDisabled();
    ImGui::SameLine();
    bool cancel = ImGui::Button(with_id("dialog.cancel", "replace.cancel").c_str()) ||
                  dialog_cancel_key();
    if (apply && run_apply(app, d)) {
        ImGui::CloseCurrentPopup();
    } else if (cancel) {
        ImGui::CloseCurrentPopup();
    }
    end_dialog();
}

}  // namespace vastuu::ui
