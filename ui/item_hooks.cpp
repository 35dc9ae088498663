// The Dear ImGui test-engine hooks (compiled in with IMGUI_ENABLE_TEST_ENGINE), implemented here
// without the separately licensed test engine: they only record each labelled item's rectangle
// under its automation path. Platform-neutral, so the native UI tests use the very same code.
#include "item_hooks.h"

#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <unordered_map>

namespace vastuu::ui {
namespace {

struct Recorder {
    std::unordered_map<std::string, ItemRect> items;
    std::string text;
    ImGuiID last_add_id = 0;
    ImRect last_add_bb;
};

Recorder& recorder() {
    static Recorder* r = new Recorder();  // never destroyed: hooks may run during static teardown
    return *r;
}

void clear_at_frame_start(ImGuiContext*, ImGuiContextHook*) {
    recorder().items.clear();
    recorder().text.clear();
    recorder().last_add_id = 0;
}

}  // namespace

void install_item_hooks(ImGuiContext* ctx) {
    ctx->TestEngineHookItems = true;
    ImGuiContextHook hook;
    hook.Type = ImGuiContextHookType_NewFramePre;
    hook.Callback = clear_at_frame_start;
    ImGui::AddContextHook(ctx, &hook);
}

std::string path_of_label(std::string_view label) {
    size_t triple = label.find("###");
    if (triple != std::string_view::npos) return std::string(label.substr(triple + 3));
    size_t double_hash = label.find("##");
    if (double_hash != std::string_view::npos) label = label.substr(0, double_hash);
    return std::string(label);
}

bool find_item(const std::string& path, ItemRect* out) {
    auto it = recorder().items.find(path);
    if (it == recorder().items.end()) return false;
    if (out) *out = it->second;
    return true;
}

void record_item(const std::string& path, float x0, float y0, float x1, float y1) {
    ImGuiContext* ctx = ImGui::GetCurrentContext();
    if (path.empty() || (ctx && ctx->CurrentWindow && ctx->CurrentWindow->Hidden)) return;
    recorder().items[path] = ItemRect{x0, y0, x1 - x0, y1 - y0, std::string()};
}

void record_last_item(const std::string& path) {
    ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    record_item(path, a.x, a.y, b.x, b.y);
}

void table_headers_row() {
    ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
    const int columns = ImGui::TableGetColumnCount();
    for (int c = 0; c < columns; ++c) {
        if (!ImGui::TableSetColumnIndex(c)) continue;
        const char* name = ImGui::TableGetColumnName(c);
        ImGui::PushID(c);
        ImGui::TableHeader(name);
        ImGui::PopID();
        record_last_item(path_of_label(name));
    }
}

void note_visible_text(std::string_view text) {
    recorder().text.append(text);
    recorder().text.push_back('\n');
}

const std::string& visible_text() { return recorder().text; }

std::string recorded_paths() {
    std::string out;
    for (const auto& [path, rect] : recorder().items) out += path + "\n";
    return out;
}

}  // namespace vastuu::ui

// [SECTION] The hooks Dear ImGui calls (declared in imgui_internal.h)
void ImGuiTestEngineHook_ItemAdd(ImGuiContext*, ImGuiID id, const ImRect& bb, const ImGuiLastItemData*) {
    auto& r = vastuu::ui::recorder();
    r.last_add_id = id;
    r.last_add_bb = bb;
}

void ImGuiTestEngineHook_ItemInfo(ImGuiContext* ctx, ImGuiID id, const char* label, ImGuiItemStatusFlags) {
    if (!label) return;
    // Windows report themselves too: keep top-level windows and popups (dialogs), not child windows
    // (tables, scrolling regions) nor ImGui's implicit "Debug" window.
    if (ImGuiWindow* window = ImGui::FindWindowByID(id)) {
        if ((window->Flags & ImGuiWindowFlags_ChildWindow) || std::string_view(label) == "Debug##Default") return;
    }
    std::string path = vastuu::ui::path_of_label(label);
    if (path.empty()) return;
    // A window appearing is laid out once while hidden (to measure it): its rectangles are not final.
    if (ctx->CurrentWindow && ctx->CurrentWindow->Hidden) return;
    auto& r = vastuu::ui::recorder();
    // Windows report themselves without touching LastItemData: use the rectangle ItemAdd just saw.
    ImRect bb = (id == r.last_add_id) ? r.last_add_bb : ctx->LastItemData.Rect;
    if (id == ctx->LastItemData.ID) bb = ctx->LastItemData.Rect;
    std::string_view text(label);
    text = text.substr(0, std::min(text.find("##"), text.size()));
    r.items[path] = vastuu::ui::ItemRect{bb.Min.x, bb.Min.y, bb.GetWidth(), bb.GetHeight(), std::string(text)};
}

void ImGuiTestEngineHook_Log(ImGuiContext*, const char*, ...) {}

const char* ImGuiTestEngine_FindItemDebugLabel(ImGuiContext*, ImGuiID) { return nullptr; }
