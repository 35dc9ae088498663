// The UI driven with no window, shared by every UI test: a fake Platform, io.DisplaySize and a
// built font atlas, then real frames of the real App on an in-memory demo database, with synthetic
// mouse and keyboard events at the rectangles the item hooks recorded — the same paths the browser
// tests use through window.vastuu.itemRect().
#pragma once
#include <doctest/doctest.h>
#include <imgui.h>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "app.h"
#include "input_pacing.h"
#include "item_hooks.h"
#include "theme.h"

namespace vastuu::ui::testing {

class FakePlatform final : public Platform {
public:
    struct Download {
        std::string name, mime;
        std::vector<uint8_t> bytes;
    };
    std::vector<Download> downloads;
    std::map<std::string, std::string> settings;
    int changes = 0;
    int open_requests = 0;
    int import_requests = 0;
    bool reader = false;  // true: another tab is the writer (read_only())

    void download(const std::string& name, const std::string& mime, const std::vector<uint8_t>& bytes) override {
        downloads.push_back({name, mime, bytes});
    }
    void ask_open_database() override { ++open_requests; }
    void ask_open_import() override { ++import_requests; }
    void database_changed() override { ++changes; }
    SaveState save_state() const override { return SaveState::Saved; }
    bool read_only() const override { return reader; }
    void request_redraw() override {}
    std::string load_setting(const std::string& key) override { return settings[key]; }
    void save_setting(const std::string& key, const std::string& value) override { settings[key] = value; }
};

// One ImGui context and one App. Input reaches ImGui paced as in the browser (input_pacing.h). A frame draws `draw` (by default the whole App); a view's tests
// set it to draw only their view (draw_alone). The constructor draws no frame: the test's own
// harness does, once its view state exists.
struct UiHarness {
    FakePlatform platform;
    ImGuiContext* ctx = nullptr;
    std::unique_ptr<App> app;
    std::function<void()> draw;

    // `today`: the engine's day ("" for the system clock); `team`: team mode (ui/team_session.h);
    // `database_path`: the app's database file (in memory unless a test needs a real file).
    explicit UiHarness(ImVec2 display = ImVec2(1280, 800), std::string today = "2026-11-26",
                       TeamTransport* team = nullptr, std::string database_path = ":memory:") {
        set_language(Lang::En);
        ctx = ImGui::CreateContext();
        install_item_hooks(ctx);
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;
        io.DisplaySize = display;
        load_fonts(io.Fonts, nullptr, 0, 1.0f);
        unsigned char* pixels = nullptr;
        int w = 0, h = 0;
        io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
        AppOptions options;
        options.database_path = database_path;
        if (!today.empty()) options.engine.today = [today] { return today; };
        options.team = team;
        app = std::make_unique<App>(platform, options);
        REQUIRE(app->start().ok());
        draw = [this] { app->draw(); };
    }
    ~UiHarness() {
        app.reset();
        ImGui::DestroyContext(ctx);
        set_language(Lang::En);
    }
    UiHarness(const UiHarness&) = delete;
    UiHarness& operator=(const UiHarness&) = delete;

    // Makes each frame draw `view` alone, in a full-screen window named `window`.
    void draw_alone(const char* window, std::function<void()> view) {
        draw = [window, view = std::move(view)] {
            ImGui::SetNextWindowPos(ImVec2(0, 0));
            ImGui::SetNextWindowSize(ImGui::GetIO().DisplaySize);
            ImGui::Begin(window, nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoSavedSettings);
            view();
            ImGui::End();
        };
    }

    void frame() {
        ImGui::GetIO().DeltaTime = 1.0f / 60.0f;
        paced_new_frame();
        draw();
        ImGui::Render();
    }
    void frames(int n) {
        for (int i = 0; i < n; ++i) frame();
    }
    ItemRect rect(const std::string& path) {
        ItemRect r;
        INFO("recorded paths:\n" << recorded_paths());
        REQUIRE_MESSAGE(find_item(path, &r), "no item " << path);
        return r;
    }
    bool has(const std::string& path) { return find_item(path, nullptr); }
    bool shows(const std::string& text) { return visible_text().find(text) != std::string::npos; }

    void move_to(const std::string& path) {
        ItemRect r = rect(path);
        ImGui::GetIO().AddMousePosEvent(r.x + r.w / 2, r.y + r.h / 2);
        frame();
    }
    // A click with the mouse first moved there and the button held for a frame.
    void click_at(float x, float y, int button = 0, bool shift = false) {
        ImGuiIO& io = ImGui::GetIO();
        io.AddMousePosEvent(x, y);
        frame();
        if (shift) io.AddKeyEvent(ImGuiMod_Shift, true);
        io.AddMouseButtonEvent(button, true);
        frame();
        io.AddMouseButtonEvent(button, false);
        if (shift) io.AddKeyEvent(ImGuiMod_Shift, false);
        frames(3);
        frames_while_wanted(30);  // what the click changed settles, as the browser keeps drawing
    }
    void click(const std::string& path, bool shift = false) {
        ItemRect r = rect(path);
        click_at(r.x + r.w / 2, r.y + r.h / 2, 0, shift);
    }
    void right_click(const std::string& path) {
        ItemRect r = rect(path);
        click_at(r.x + r.w / 2, r.y + r.h / 2, 1);
    }
    // A click the way a browser automation or a touch tap sends it: the mouse jumps there, presses
    // and releases, all before the next frame.
    void click_at_once(const std::string& path, int button = 0) {
        ItemRect r = rect(path);
        ImGuiIO& io = ImGui::GetIO();
        io.AddMousePosEvent(r.x + r.w / 2, r.y + r.h / 2);
        io.AddMouseButtonEvent(button, true);
        io.AddMouseButtonEvent(button, false);
        frames(5);
    }
    // Draws frames while the UI asks for them (at most `limit`), as the browser's loop does.
    int frames_while_wanted(int limit = 200) {
        int n = 0;
        do {
            frame();
            ++n;
        } while (wants_another_frame() && n < limit);
        return n;
    }
    void type(const char* text) {
        ImGui::GetIO().AddInputCharactersUTF8(text);
        frames(2);
    }
    void key(ImGuiKey key, bool ctrl = false, bool shift = false) {
        ImGuiIO& io = ImGui::GetIO();
        if (ctrl) io.AddKeyEvent(ImGuiMod_Ctrl, true);
        if (shift) io.AddKeyEvent(ImGuiMod_Shift, true);
        io.AddKeyEvent(key, true);
        frame();
        io.AddKeyEvent(key, false);
        if (shift) io.AddKeyEvent(ImGuiMod_Shift, false);
        if (ctrl) io.AddKeyEvent(ImGuiMod_Ctrl, false);
        frames(2);
    }
    // Empties the active text field: Ctrl+A, then `erase` (Backspace or Delete).
    void clear_field(ImGuiKey erase = ImGuiKey_Backspace) {
        ImGuiIO& io = ImGui::GetIO();
        io.AddKeyEvent(ImGuiMod_Ctrl, true);
        io.AddKeyEvent(ImGuiKey_A, true);
        frame();
        io.AddKeyEvent(ImGuiKey_A, false);
        io.AddKeyEvent(ImGuiMod_Ctrl, false);
        io.AddKeyEvent(erase, true);
        frame();
        io.AddKeyEvent(erase, false);
    }
};

}  // namespace vastuu::ui::testing
