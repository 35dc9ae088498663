// The user's date notation and the date field with its calendar (date_field.h).
#include "date_field.h"

#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <optional>

#include "core/i18n.h"
#include "core/text.h"
#include "item_hooks.h"
#include "models/persons_in_charge.h"  // day_number, iso_day: the engine's one calendar
#include "theme.h"

namespace vastuu::ui {
namespace {

bool all_digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// "d.m.yyyy" or "d.m." (year from `today`) as "yyyy-mm-dd", digits only checked here; the engine
// checks the day itself.
std::optional<std::string> finnish_to_iso(std::string_view s, std::string_view today) {
    size_t first = s.find('.');
    if (first == std::string_view::npos) return std::nullopt;
    size_t second = s.find('.', first + 1);
    if (second == std::string_view::npos) return std::nullopt;
    std::string_view d = s.substr(0, first), m = s.substr(first + 1, second - first - 1), y = s.substr(second + 1);
    if (y.empty() && today.size() >= 4) y = today.substr(0, 4);
    if (!all_digits(d) || !all_digits(m) || !all_digits(y) || d.size() > 2 || m.size() > 2 || y.size() != 4)
        return std::nullopt;
    char out[16];
    std::snprintf(out, sizeof out, "%.*s-%02d-%02d", 4, y.data(), std::stoi(std::string(m)), std::stoi(std::string(d)));
    return std::string(out);
}

int weekday_monday0(int32_t day) { return ((day + 3) % 7 + 7) % 7; }  // 1970-01-01 was a Thursday

}  // namespace

std::string shown_date(std::string_view iso) {
    if (language() != Lang::Fi || !day_number(iso)) return std::string(iso);
    const int y = std::stoi(std::string(iso.substr(0, 4))), m = std::stoi(std::string(iso.substr(5, 2))),
              d = std::stoi(std::string(iso.substr(8, 2)));
    char out[16];
    std::snprintf(out, sizeof out, "%d.%d.%04d", d, m, y);
    return out;
}

std::string typed_date(std::string_view text, std::string_view today) {
    const std::string t = trim(std::string(text));
    if (auto iso = finnish_to_iso(t, today)) return *iso;
    return t;
}

const char* date_hint() { return tr("date.hint"); }

bool date_field(const char* path, char* text, size_t size, float width, std::string_view today) {
    const ImGuiStyle& style = ImGui::GetStyle();
    const float button = ImGui::GetFrameHeight();
    const std::string p(path);
    ImGui::SetNextItemWidth(std::max(40.0f, width - button - style.ItemInnerSpacing.x));
    bool changed = ImGui::InputTextWithHint(("###" + p).c_str(), date_hint(), text, size);
    ImGui::SameLine(0, style.ItemInnerSpacing.x);

    // The month shown: year * 12 + (month - 1), kept in ImGui's storage under the popup's id.
    const std::string popup = "###" + p + ".calendar_popup";
    const ImGuiID month_key = ImGui::GetID((popup + ".month").c_str());
    ImGuiStorage* storage = ImGui::GetStateStorage();
    if (ImGui::ArrowButton((p + ".calendar").c_str(), ImGuiDir_Down)) {
        auto day = day_number(typed_date(text, today));
        if (!day) day = day_number(today);
        const std::string iso = iso_day(day.value_or(0));
        storage->SetInt(month_key, std::stoi(iso.substr(0, 4)) * 12 + std::stoi(iso.substr(5, 2)) - 1);
        ImGui::OpenPopup(popup.c_str());
    }
    record_last_item(p + ".calendar");
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_DelayShort)) ImGui::SetTooltip("%s", tr("date.calendar"));

    if (ImGui::BeginPopup(popup.c_str())) {
        int month = storage->GetInt(month_key, 2026 * 12);
        const int year = month / 12, mon = month % 12 + 1;
        if (ImGui::ArrowButton((p + ".prev").c_str(), ImGuiDir_Left)) storage->SetInt(month_key, --month);
        record_last_item(p + ".prev");
        ImGui::SameLine();
        char key[16];
        std::snprintf(key, sizeof key, "month.%d", mon);
        const std::string title = std::string(tr(key)) + " " + std::to_string(year);
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted(title.c_str());
        note_visible_text(title);
        ImGui::SameLine();
        if (ImGui::ArrowButton((p + ".next").c_str(), ImGuiDir_Right)) storage->SetInt(month_key, ++month);
        record_last_item(p + ".next");

        char first_iso[16];
        std::snprintf(first_iso, sizeof first_iso, "%04d-%02d-01", year, mon);
        const auto first = day_number(first_iso);
        const auto selected = day_number(typed_date(text, today));
        const auto now = day_number(today);
        if (first && ImGui::BeginTable("###calendar", 7, ImGuiTableFlags_SizingFixedSame)) {
            for (int w = 1; w <= 7; ++w) {
                std::snprintf(key, sizeof key, "weekday.%d", w);
                ImGui::TableSetupColumn(tr(key));
            }
            ImGui::TableHeadersRow();
            ImGui::TableNextRow();
            for (int c = 0; c < weekday_monday0(*first); ++c) ImGui::TableNextColumn();
            for (int32_t day = *first; iso_day(day).compare(5, 2, first_iso + 5, 2) == 0; ++day) {
                ImGui::TableNextColumn();
                const int dom = day - *first + 1;
                const bool on = selected && *selected == day, is_today = now && *now == day;
                if (on) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_Header));
                if (is_today) ImGui::PushStyleColor(ImGuiCol_Text, palette().accent);
                char label[48];
                std::snprintf(label, sizeof label, "%2d###%s.day.%d", dom, path, dom);
                if (ImGui::Button(label, ImVec2(button * 1.2f, 0))) {
                    std::snprintf(text, size, "%s", shown_date(iso_day(day)).c_str());
                    changed = true;
                    ImGui::CloseCurrentPopup();
                }
                if (is_today) ImGui::PopStyleColor();
                if (on) ImGui::PopStyleColor();
            }
            ImGui::EndTable();
        }
        ImGui::EndPopup();
    }
    return changed;
}

}  // namespace vastuu::ui
