// Fitted text (fitted_text.h): ImGui's ellipsis rendering plus the whole text on hover.
#include "fitted_text.h"

#include <imgui_internal.h>

#include <algorithm>
#include <string>

namespace vastuu::ui {

bool draw_fitted_text(ImDrawList* dl, ImVec2 pos, float width, ImU32 colour, std::string_view text) {
    const char* begin = text.data();
    const char* end = begin + text.size();
    const ImVec2 size = ImGui::CalcTextSize(begin, end);
    if (size.x <= width) {
        dl->AddText(pos, colour, begin, end);
        return false;
    }
    ImGui::PushStyleColor(ImGuiCol_Text, colour);
    const float right = pos.x + std::max(0.0f, width);
    ImGui::RenderTextEllipsis(dl, pos, ImVec2(right, pos.y + size.y), right, right, begin, end, &size);
    ImGui::PopStyleColor();
    return true;
}

bool fitted_text(std::string_view text, float width) {
    if (ImGui::GetCurrentWindow()->DC.TextWrapPos >= 0.0f) {  // the caller wants it wrapped, not cut
        ImGui::TextUnformatted(text.data(), text.data() + text.size());
        return false;
    }
    if (width < 0) width = ImGui::GetContentRegionAvail().x;
    const ImVec2 size = ImGui::CalcTextSize(text.data(), text.data() + text.size());
    if (size.x <= width) {
        ImGui::TextUnformatted(text.data(), text.data() + text.size());
        return false;
    }
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    const ImRect bb(pos, ImVec2(pos.x + std::max(1.0f, width), pos.y + size.y));
    ImGui::ItemSize(bb.GetSize());
    if (!ImGui::ItemAdd(bb, 0)) return true;
    draw_fitted_text(ImGui::GetWindowDrawList(), pos, width, ImGui::GetColorU32(ImGuiCol_Text), text);
    full_text_tooltip(text);
    return true;
}

void full_text_tooltip(std::string_view text) {
    if (!ImGui::IsItemHovered(ImGuiHoveredFlags_DelayShort | ImGuiHoveredFlags_AllowWhenOverlappedByItem)) return;
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 35.0f);
    ImGui::TextUnformatted(text.data(), text.data() + text.size());
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
}

}  // namespace vastuu::ui
