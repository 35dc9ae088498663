// The customer dialog: create (name, optional number, group) or edit (also archived). Everything
// goes through engine commands; the engine's refusals are shown at the field they concern.
#include <imgui.h>

#include <cfloat>
#include <cstring>

#include "app.h"
#include "core/text.h"
#include "dialog_frame.h"
#include "item_hooks.h"
#include "views.h"
#include "widgets.h"

namespace vastuu::ui {

// The number field as the customer forms read it: "" is no number, otherwise digits only (at most 15).
bool parse_customer_number(const char* text, int64_t* out, bool* given) {
    std::string t = trim(text);
    *given = !t.empty();
    if (!*given) return true;
    if (t.size() > 15) return false;
    int64_t v = 0;
    for (char ch : t) {
        if (ch < '0' || ch > '9') return false;
        v = v * 10 + (ch - '0');
    }
    *out = v;
    return true;
}

Status save_customer(App& app, const Customer& current, const char* name, const char* number_text,
                     CustomerGroupId group, bool archived, bool number_required) {
    int64_t number = current.number;
    bool has_number = false;
    if (!parse_customer_number(number_text, &number, &has_number) || (number_required && !has_number))
        return Error{"customer.number_invalid", tr("customer_dialog.number_invalid"), "number"};
    nlohmann::json cmd = {{"cmd", "customer.update"}, {"id", current.id.value}};
    if (current.name != name) cmd["name"] = name;
    if (number != current.number) cmd["number"] = number;
    if (current.group != group) cmd["group_id"] = group.value;
    if (current.archived != archived) cmd["archived"] = archived;
    if (cmd.size() == 2) return {};  // nothing changed: no command, no undo step
    auto r = app.run_command(cmd);
    if (!r) return r.error();
    return {};
}

namespace {


// Sends the dialog's commands. True when everything was accepted.
bool submit(App& app, CustomerDialog& d) {
    int64_t number = 0;
    bool has_number = false;
    if (!parse_customer_number(d.number, &number, &has_number)) {
        d.error = Error{"customer.number_invalid", tr("customer_dialog.number_invalid"), "number"};
        return false;
    }
    if (!d.id) {
        nlohmann::json cmd = {{"cmd", "customer.create"}, {"name", d.name}};
        if (has_number) cmd["number"] = number;
        if (d.group) cmd["group_id"] = d.group.value;
        auto r = app.run_command(cmd);
        if (!r) {
            d.error = r.error();
            return false;
        }
        app.show_message(tr_format("customers.added", {d.name}));
        return true;
    }
    auto current = app.engine()->get_customer(d.id);
    if (!current) {
        d.error = current.error();
        return false;
    }
    Status saved = save_customer(app, current.value(), d.name, d.number, d.group, d.archived, false);
    if (!saved) {
        d.error = saved.error();
        return false;
    }
    app.show_message(tr_format("customers.saved", {d.name}));
    return true;
}

}  // namespace

void open_new_customer_dialog(App& app, CustomerDialog& d) {
    (void)app;
    d = CustomerDialog{};
    d.open_request = true;
    d.focus_name = true;
}

void open_edit_customer_dialog(CustomerDialog& d, const Customer& c) {
    d = CustomerDialog{};
    d.id = c.id;
    std::snprintf(d.name, sizeof(d.name), "%s", c.name.c_str());
    std::snprintf(d.number, sizeof(d.number), "%lld", static_cast<long long>(c.number));
    d.group = c.group;
    d.archived = c.archived;
    d.open_request = true;
    d.focus_name = true;
}

void draw_customer_dialog(App& app, CustomerDialog& d, const std::vector<CustomerGroup>& groups) {
    const float s = app.scale();
    if (d.open_request) {
        ImGui::OpenPopup("###customer_dialog");
        d.open_request = false;
    }
    std::string title = std::string(tr(d.id ? "customer_dialog.edit_title" : "customer_dialog.new_title")) +
                        "###customer_dialog";
    if (!begin_dialog(title.c_str(), 460 * s)) return;

    field_label(tr("customer_dialog.name"));
    if (d.focus_name) {
        ImGui::SetKeyboardFocusHere();
        d.focus_name = false;
    }
    ImGui::SetNextItemWidth(-FLT_MIN);
    bool enter = ImGui::InputText("###customer_dialog.name", d.name, sizeof(d.name),
                                  ImGuiInputTextFlags_EnterReturnsTrue);
    field_error(d.error, "name");

    ImGui::Spacing();
    field_label(tr("customer_dialog.number"));
    std::string hint;
    if (!d.id && app.engine())
        hint = tr_format("customer_dialog.number_hint",
                         {std::to_string(app.engine()->next_free_customer_number(d.group))});
    ImGui::SetNextItemWidth(-FLT_MIN);
    enter |= ImGui::InputTextWithHint("###customer_dialog.number", hint.c_str(), d.number, sizeof(d.number),
                                      ImGuiInputTextFlags_CharsDecimal | ImGuiInputTextFlags_EnterReturnsTrue);
    field_error(d.error, "number");

    ImGui::Spacing();
    field_label(tr("customer_dialog.group"));
    std::string preview = tr("customers.no_group");
    for (const CustomerGroup& g : groups)
        if (g.id == d.group) preview = g.name;
    ImVec2 combo_pos = ImGui::GetCursorScreenPos();
    ImGui::SetNextItemWidth(-FLT_MIN);
    float combo_w = ImGui::CalcItemWidth();
    if (ImGui::BeginCombo("###customer_dialog.group", preview.c_str())) {
        if (ImGui::Selectable(with_id("customers.no_group", "customer_dialog.group.none").c_str(), !d.group))
            d.group = CustomerGroupId{};
        for (const CustomerGroup& g : groups) {
            std::string label = g.name + "###customer_dialog.group." + std::to_string(g.id.value);
            if (ImGui::Selectable(label.c_str(), d.group == g.id)) d.group = g.id;
        }
        ImGui::EndCombo();
    }
    record_item("customer_dialog.group", combo_pos.x, combo_pos.y, combo_pos.x + combo_w,
                combo_pos.y + ImGui::GetFrameHeight());
    field_error(d.error, "group_id");
    field_error(d.error, "group");

    if (d.id) {
        ImGui::Spacing();
        ImGui::Checkbox(with_id("customer_dialog.archived", "customer_dialog.archived").c_str(), &d.archived);
        field_error(d.error, "archived");
    }
    form_error(d.error, {"name", "number", "group_id", "group", "archived"});

    dialog_footer();
    ImGui::Spacing();
    ImGui::Separator();
    ImGui::Spacing();
    const ImGuiStyle& style = ImGui::GetStyle();
    float buttons = ImGui::CalcTextSize(tr("dialog.cancel")).x + ImGui::CalcTextSize(tr("dialog.save")).x +
                    style.FramePadding.x * 4 + style.ItemSpacing.x + 24 * s;
    ImGui::SetCursorPosX(ImGui::GetWindowContentRegionMax().x - buttons);
    bool cancel = ImGui::Button(with_id("dialog.cancel", "customer_dialog.cancel").c_str(), ImVec2(0, 0));
    ImGui::SameLine();
    bool save = primary_button(with_id("dialog.save", "customer_dialog.save").c_str(),
                               ImVec2(ImGui::CalcTextSize(tr("dialog.save")).x + style.FramePadding.x * 2 + 24 * s, 0));
    if (dialog_cancel_key()) cancel = true;
    if (dialog_submit_key()) enter = true;
    if (cancel) {
        ImGui::CloseCurrentPopup();
    } else if ((save || enter) && submit(app, d)) {
        ImGui::CloseCurrentPopup();
    }
    end_dialog();
}

}  // namespace vastuu::ui
