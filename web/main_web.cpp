// The browser platform: GLFW + Dear ImGui's glfw/opengl3 backends on WebGL2, frames drawn on demand
// (JavaScript calls vastuu_frame() from requestAnimationFrame only when something happened), the
// database on IDBFS, downloads and the file picker, and the C side of the window.vastuu automation API
// (web/post.js). This is the only C++ that knows it runs in a browser.
//
// [SECTION] JavaScript imports (EM_JS; their JavaScript halves live in web/pre.js)
// [SECTION] The Platform the UI sees
// [SECTION] Canvas size, pixel ratio and fonts
// [SECTION] Touch: tap, drag to scroll, long press
// [SECTION] Start-up
// [SECTION] Exports to JavaScript (frame, automation API)
#include <GLES3/gl3.h>
#include <GLFW/glfw3.h>
#include <emscripten.h>
#include <emscripten/eventloop.h>
#include <emscripten/html5.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>
#include <imgui_internal.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <memory>
#include <string>

#include "app.h"
#include "input_pacing.h"
#include "item_hooks.h"
#include "team_web.h"

extern "C" const unsigned char vastuu_font_noto_sans[];
extern "C" const unsigned vastuu_font_noto_sans_size;

// [SECTION] JavaScript imports
EM_JS(void, js_download, (const char* name, const char* mime, const uint8_t* bytes, size_t size), {
    Module.vastuuWeb.download(UTF8ToString(name), UTF8ToString(mime), HEAPU8.slice(bytes, bytes + size));
});
EM_JS(void, js_ask_open_database, (), { Module.vastuuWeb.askOpenDatabase(); });
EM_JS(void, js_ask_open_import, (), { Module.vastuuWeb.askOpenImport(); });
EM_JS(void, js_database_changed, (), { Module.vastuuWeb.databaseChanged(); });
EM_JS(int, js_save_state, (), { return Module.vastuuWeb.saveStateCode(); });
EM_JS(void, js_request_redraw, (), { Module.vastuuWeb.requestRedraw(); });
EM_JS(bool, js_read_only, (), { return Module.vastuuWeb.readOnly(); });
EM_JS(void, js_take_over, (), { Module.vastuuWeb.takeOver(); });
EM_JS(char*, js_load_setting, (const char* key), {
    var value = Module.vastuuWeb.loadSetting(UTF8ToString(key));
    var size = lengthBytesUTF8(value) + 1;
    var ptr = _malloc(size);
    stringToUTF8(value, ptr, size);
    return ptr;
});
EM_JS(void, js_save_setting, (const char* key, const char* value), {
    Module.vastuuWeb.saveSetting(UTF8ToString(key), UTF8ToString(value));
});
EM_JS(void, js_set_clipboard, (const char* text), { Module.vastuuWeb.setClipboard(UTF8ToString(text)); });
EM_JS(double, js_css_width, (), { return window.innerWidth; });
EM_JS(double, js_css_height, (), { return window.innerHeight; });
EM_JS(double, js_pixel_ratio, (), { return window.devicePixelRatio || 1; });
// Sets the canvas backbuffer through Emscripten's Browser so that GLFW's window size follows
// (glfwSetWindowSize would ask for fullscreen when the size equals the screen's).
EM_JS(void, js_set_backbuffer_size, (int w, int h), { Browser.setCanvasSize(w, h); });
EM_JS(bool, js_storage_persistent, (), { return Module.vastuuWeb.storage === 'indexeddb'; });
EM_JS(void, js_started, (), { Module.vastuuWeb.started(); });
// Emscripten's GLFW turns touches into presses of an undefined button at the last mouse position;
// touch is handled here instead (on_touch_*).
EM_JS(void, js_detach_glfw_touch, (), {
    var canvas = Module.canvas;
    canvas.removeEventListener('touchmove', GLFW.onMousemove, true);
    canvas.removeEventListener('touchstart', GLFW.onMouseButtonDown, true);
    canvas.removeEventListener('touchcancel', GLFW.onMouseButtonUp, true);
    canvas.removeEventListener('touchend', GLFW.onMouseButtonUp, true);
});
EM_JS(void, js_failed, (const char* code, const char* message), {
    Module.vastuuWeb.fail(UTF8ToString(code), UTF8ToString(message));
});

namespace {

using vastuu::ui::App;
using vastuu::ui::SaveState;

// [SECTION] The Platform the UI sees
class WebPlatform final : public vastuu::ui::Platform {
public:
    void download(const std::string& name, const std::string& mime, const std::vector<uint8_t>& bytes) override {
        js_download(name.c_str(), mime.c_str(), bytes.data(), bytes.size());
    }
    void ask_open_database() override { js_ask_open_database(); }
    void ask_open_import() override { js_ask_open_import(); }
    void database_changed() override { js_database_changed(); }
    SaveState save_state() const override {
        switch (js_save_state()) {
            case 0: return SaveState::Saved;
            case 1: return SaveState::Saving;
            case 2: return SaveState::Error;
            default: return SaveState::MemoryOnly;
        }
    }
    void request_redraw() override { js_request_redraw(); }
    bool read_only() const override { return js_read_only(); }
    void take_over() override { js_take_over(); }
    std::string load_setting(const std::string& key) override {
        char* value = js_load_setting(key.c_str());
        std::string s(value);
        std::free(value);
        return s;
    }
    void save_setting(const std::string& key, const std::string& value) override {
        js_save_setting(key.c_str(), value.c_str());
    }
};

struct WebState {
    WebPlatform platform;
    std::unique_ptr<App> app;
    GLFWwindow* window = nullptr;
    int width = 0, height = 0;   // canvas backbuffer, device pixels
    float pixel_ratio = 0.0f;    // the ratio the fonts and style were built for
    bool fonts_uploaded = false;
    double frame_cpu_ms = 0.0;
    std::string clipboard;
    std::string reply;           // the last string handed to JavaScript (valid until the next call)
    std::vector<uint8_t> exported;
};

WebState* g = nullptr;

// [SECTION] Canvas size, pixel ratio and fonts
// Keeps the backbuffer at CSS size × devicePixelRatio (the CSS size is the window's: shell.html) and
// rebuilds fonts and style when the ratio changes (zoom, moving to another screen).
void sync_canvas_and_scale() {
    float ratio = static_cast<float>(js_pixel_ratio());
    int w = std::max(1, static_cast<int>(std::lround(js_css_width() * ratio)));
    int h = std::max(1, static_cast<int>(std::lround(js_css_height() * ratio)));
    if (w != g->width || h != g->height) {
        js_set_backbuffer_size(w, h);
        g->width = w;
        g->height = h;
    }
    if (ratio != g->pixel_ratio) {
        g->pixel_ratio = ratio;
        vastuu::ui::load_fonts(ImGui::GetIO().Fonts, vastuu_font_noto_sans, vastuu_font_noto_sans_size, ratio);
        if (g->fonts_uploaded) {
            ImGui_ImplOpenGL3_DestroyFontsTexture();
            ImGui_ImplOpenGL3_CreateFontsTexture();
        }
        if (g->app) g->app->set_scale(ratio);
    }
}

const char* clipboard_get(void*) { return g->clipboard.c_str(); }
void clipboard_set(void*, const char* text) {
    g->clipboard = text ? text : "";
    js_set_clipboard(g->clipboard.c_str());
}

// Mouse wheel on the canvas. ImGui's backend listens on the document, where Chrome makes wheel
// listeners passive and logs an error for each preventDefault(); the canvas accepts it. Same scaling
// as the backend (100 pixels or 3 lines make one step).
EM_BOOL on_wheel(int, const EmscriptenWheelEvent* ev, void*) {
    float multiplier = 0.0f;
    if (ev->deltaMode == DOM_DELTA_PIXEL) multiplier = 1.0f / 100.0f;
    else if (ev->deltaMode == DOM_DELTA_LINE) multiplier = 1.0f / 3.0f;
    else if (ev->deltaMode == DOM_DELTA_PAGE) multiplier = 80.0f;
    ImGui::GetIO().AddMouseWheelEvent(static_cast<float>(-ev->deltaX) * multiplier,
                                      static_cast<float>(-ev->deltaY) * multiplier);
    js_request_redraw();
    return EM_TRUE;
}

// [SECTION] Touch: tap, drag to scroll, long press
// One finger drives the pointer: a tap is a left click where it lands; a drag that moves more than a
// few pixels scrolls what is under its start (as wheel steps, so tables and the matrix scroll alike)
// and clicks nothing; a finger held still for kLongPressMs is a right click (context menus). The
// events go into ImGui's queue; input_pacing.h gives them to ImGui one step per frame. Returning
// EM_TRUE prevents the browser's emulated mouse events, which would click a second time.
constexpr double kLongPressMs = 550;
constexpr float kDragStartCssPx = 10;

struct TouchState {
    bool active = false;
    int id = -1;
    ImVec2 start, last;  // device pixels
    bool scrolling = false;
    bool long_pressed = false;
    long timer = 0;
};
TouchState touch;

ImVec2 touch_point(const EmscriptenTouchPoint& t) {
    float ratio = g->pixel_ratio > 0 ? g->pixel_ratio : 1.0f;
    return ImVec2(static_cast<float>(t.targetX) * ratio, static_cast<float>(t.targetY) * ratio);
}

const EmscriptenTouchPoint* our_touch(const EmscriptenTouchEvent* ev) {
    for (int i = 0; i < ev->numTouches; ++i)
        if (ev->touches[i].isChanged && ev->touches[i].identifier == touch.id) return &ev->touches[i];
    return nullptr;
}

void on_long_press(void*) {
    touch.timer = 0;
    if (!touch.active || touch.scrolling) return;
    touch.long_pressed = true;
    ImGuiIO& io = ImGui::GetIO();
    io.AddMousePosEvent(touch.start.x, touch.start.y);
    io.AddMouseButtonEvent(ImGuiMouseButton_Right, true);
    io.AddMouseButtonEvent(ImGuiMouseButton_Right, false);
    js_request_redraw();
}

void cancel_long_press() {
    if (touch.timer) emscripten_clear_timeout(touch.timer);
    touch.timer = 0;
}

EM_BOOL on_touch_start(int, const EmscriptenTouchEvent* ev, void*) {
    if (touch.active) {  // a second finger: this is no tap
        cancel_long_press();
        touch.long_pressed = true;
        return EM_TRUE;
    }
    for (int i = 0; i < ev->numTouches; ++i) {
        if (!ev->touches[i].isChanged) continue;
        touch = TouchState{};
        touch.active = true;
        touch.id = ev->touches[i].identifier;
        touch.start = touch.last = touch_point(ev->touches[i]);
        // The pointer is in the window now: else the glfw backend, seeing no mouse there, would put
        // the mouse back where the browser's last mouse event left it on every frame.
        ImGui_ImplGlfw_CursorEnterCallback(g->window, GLFW_TRUE);
        ImGui::GetIO().AddMousePosEvent(touch.start.x, touch.start.y);  // hover first, as a mouse would
        touch.timer = static_cast<long>(emscripten_set_timeout(on_long_press, kLongPressMs, nullptr));
        break;
    }
    js_request_redraw();
    return EM_TRUE;
}

EM_BOOL on_touch_move(int, const EmscriptenTouchEvent* ev, void*) {
    const EmscriptenTouchPoint* t = touch.active ? our_touch(ev) : nullptr;
    if (!t) return EM_TRUE;
    ImVec2 p = touch_point(*t);
    float ratio = g->pixel_ratio > 0 ? g->pixel_ratio : 1.0f;
    if (!touch.scrolling && !touch.long_pressed &&
        std::hypot(p.x - touch.start.x, p.y - touch.start.y) > kDragStartCssPx * ratio) {
        touch.scrolling = true;
        cancel_long_press();
    }
    if (touch.scrolling) {
        // ImGui scrolls 5 lines per wheel step: the content follows the finger.
        float step = 5.0f * ImGui::GetFontSize();
        ImGuiIO& io = ImGui::GetIO();
        io.AddMousePosEvent(touch.start.x, touch.start.y);  // what is under the drag's start scrolls
        if (step > 0) io.AddMouseWheelEvent((p.x - touch.last.x) / step, (p.y - touch.last.y) / step);
    }
    touch.last = p;
    js_request_redraw();
    return EM_TRUE;
}

EM_BOOL on_touch_end(int type, const EmscriptenTouchEvent* ev, void*) {
    const EmscriptenTouchPoint* t = touch.active ? our_touch(ev) : nullptr;
    if (!t) return EM_TRUE;
    cancel_long_press();
    if (type == EMSCRIPTEN_EVENT_TOUCHEND && !touch.scrolling && !touch.long_pressed) {
        ImGuiIO& io = ImGui::GetIO();
        io.AddMousePosEvent(touch.start.x, touch.start.y);
        io.AddMouseButtonEvent(ImGuiMouseButton_Left, true);
        io.AddMouseButtonEvent(ImGuiMouseButton_Left, false);
    }
    touch = TouchState{};
    js_request_redraw();
    return EM_TRUE;
}

const char* reply(std::string s) {
    g->reply = std::move(s);
    return g->reply.c_str();
}

nlohmann::json error_json(const vastuu::Error& e) {
    nlohmann::json j{{"ok", false}, {"code", e.code}, {"message", e.message}, {"field", e.field}};
    if (!e.detail.empty()) j["detail"] = e.detail;  // SQLite's own words, behind the dialog's Details
    return j;
}

}  // namespace

// [SECTION] Start-up
int main() {
    g = new WebState();
    if (!glfwInit()) {
        js_failed("glfw", "GLFW could not start.");
        return 1;
    }
    glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
    glfwWindowHint(GLFW_ALPHA_BITS, 0);
    glfwWindowHint(GLFW_DEPTH_BITS, 0);
    glfwWindowHint(GLFW_STENCIL_BITS, 0);
    g->window = glfwCreateWindow(1280, 800, "Vastuu", nullptr, nullptr);
    if (!g->window) {
        js_failed("webgl2", "WebGL 2 is not available in this browser.");
        return 1;
    }
    glfwMakeContextCurrent(g->window);

    IMGUI_CHECKVERSION();
    ImGuiContext* ctx = ImGui::CreateContext();
    vastuu::ui::install_item_hooks(ctx);
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // no imgui.ini: the layout is fixed
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    ImGui_ImplGlfw_InitForOpenGL(g->window, true);
    ImGui_ImplOpenGL3_Init("#version 300 es");
    emscripten_set_wheel_callback(EMSCRIPTEN_EVENT_TARGET_DOCUMENT, nullptr, false, nullptr);
    emscripten_set_wheel_callback("#canvas", nullptr, false, on_wheel);
    js_detach_glfw_touch();
    emscripten_set_touchstart_callback("#canvas", nullptr, false, on_touch_start);
    emscripten_set_touchmove_callback("#canvas", nullptr, false, on_touch_move);
    emscripten_set_touchend_callback("#canvas", nullptr, false, on_touch_end);
    emscripten_set_touchcancel_callback("#canvas", nullptr, false, on_touch_end);
    io.SetClipboardTextFn = clipboard_set;
    io.GetClipboardTextFn = clipboard_get;

    vastuu::ui::AppOptions options;
    options.database_path = "/data/vastuu.sqlite";
    options.team = web_team_transport();  // served by vastuu-server: team mode (web/team.js)
    g->app = std::make_unique<App>(g->platform, options);
    web_team_attach(g->app.get());
    sync_canvas_and_scale();
    g->app->set_scale(g->pixel_ratio);
    vastuu::Status started = g->app->start();
    if (!started) std::printf("vastuu: the stored database could not be opened: %s\n", started.error().message.c_str());
    js_started();
    return 0;
}

// [SECTION] Exports to JavaScript
extern "C" {

// Draws one frame. Returns flags: 1 = draw another frame soon (input still queued), 2 = a text field
// is active (keep a slow redraw for the cursor blink).
EMSCRIPTEN_KEEPALIVE int vastuu_frame() {
    if (!g || !g->app) return 0;
    double start = emscripten_get_now();
    sync_canvas_and_scale();
    ImGui_ImplOpenGL3_NewFrame();
    g->fonts_uploaded = true;
    ImGui_ImplGlfw_NewFrame();
    vastuu::ui::paced_new_frame();  // one step of the queued input per frame (input_pacing.h)
    g->app->draw();
    ImGui::Render();
    glViewport(0, 0, g->width, g->height);
    ImVec4 bg = ImGui::GetStyleColorVec4(ImGuiCol_WindowBg);
    glClearColor(bg.x, bg.y, bg.z, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    g->frame_cpu_ms = emscripten_get_now() - start;

    int flags = 0;
    if (vastuu::ui::wants_another_frame()) flags |= 1;  // input still queued, a click settling, a hover delay
    if (ImGui::GetIO().WantTextInput) flags |= 2;
    return flags;
}

EMSCRIPTEN_KEEPALIVE const char* vastuu_stats() {
    if (!g || !g->app) return "{}";
    nlohmann::json s = g->app->stats();
    s["frameCpuMs"] = g->frame_cpu_ms;
    bool tooltip = false;  // a tooltip was drawn in the last frame
    for (ImGuiWindow* w : ImGui::GetCurrentContext()->Windows)
        if ((w->Flags & ImGuiWindowFlags_Tooltip) && w->Active) tooltip = true;
    s["tooltip"] = tooltip;
    return reply(s.dump());
}

// Runs a command given as JSON through App::run_command, the path the UI uses.
EMSCRIPTEN_KEEPALIVE const char* vastuu_command(const char* json_text) {
    if (!g || !g->app) return R"({"ok":false,"code":"app.not_started","message":"The app has not started."})";
    nlohmann::json command = nlohmann::json::parse(json_text ? json_text : "", nullptr, false);
    if (command.is_discarded() || !command.is_object())
        return reply(error_json({"command.invalid_json", "The command is not a JSON object.", ""}).dump());
    auto result = g->app->run_command(command);
    if (!result) return reply(error_json(result.error()).dump());
    nlohmann::json out = result.value().is_object() ? result.value() : nlohmann::json::object();
    out["ok"] = true;
    return reply(out.dump());
}

// The database file's bytes; the size is in vastuu_exported_size() and the bytes stay valid until
// the next call.
EMSCRIPTEN_KEEPALIVE const uint8_t* vastuu_export_database() {
    g->exported.clear();
    if (g->app && g->app->engine()) {
        auto bytes = g->app->engine()->database_bytes();
        if (bytes) g->exported = std::move(bytes.value());
    }
    return g->exported.data();
}
EMSCRIPTEN_KEEPALIVE int vastuu_exported_size() { return static_cast<int>(g->exported.size()); }

// The item's rectangle in device pixels as JSON {x,y,w,h}, or "null".
EMSCRIPTEN_KEEPALIVE const char* vastuu_item_rect(const char* path) {
    vastuu::ui::ItemRect r;
    if (!path || !vastuu::ui::find_item(path, &r)) return "null";
    return reply(nlohmann::json{{"x", r.x}, {"y", r.y}, {"w", r.w}, {"h", r.h}, {"label", r.label}}.dump());
}

EMSCRIPTEN_KEEPALIVE const char* vastuu_item_paths() { return reply(vastuu::ui::recorded_paths()); }
EMSCRIPTEN_KEEPALIVE const char* vastuu_visible_text() { return reply(vastuu::ui::visible_text()); }

EMSCRIPTEN_KEEPALIVE const char* vastuu_last_error() {
    if (!g || !g->app || g->app->last_error().code.empty()) return "null";
    const vastuu::Error& e = g->app->last_error();
    nlohmann::json j{{"code", e.code}, {"message", e.message}, {"field", e.field}};
    if (!e.detail.empty()) j["detail"] = e.detail;
    return reply(j.dump());
}

// A database file copied to `path` in memory, named `name` by the user. `ask`: the file picker's
// answer, which asks the user first (App::offer_database_file); else the automation API's open.
EMSCRIPTEN_KEEPALIVE const char* vastuu_open_database_file(const char* path, const char* name, int ask) {
    if (!g || !g->app) return "null";
    vastuu::Status s = ask ? g->app->offer_database_file(path, name ? name : "")
                           : g->app->open_database_file(path, name ? name : "");
    g->platform.request_redraw();
    if (!s) return reply(error_json(s.error()).dump());
    return R"({"ok":true})";
}

// The import file picker's answer: the file copied to `path` in memory, named `name` by the user.
// The bytes move into the import dialog and the copy is removed.
EMSCRIPTEN_KEEPALIVE const char* vastuu_open_import_file(const char* path, const char* name) {
    if (!g || !g->app || !path) return "null";
    std::string bytes;
    if (FILE* f = std::fopen(path, "rb")) {
        std::fseek(f, 0, SEEK_END);
        long size = std::ftell(f);
        std::fseek(f, 0, SEEK_SET);
        if (size > 0) {
            bytes.resize(static_cast<size_t>(size));
            bytes.resize(std::fread(bytes.data(), 1, bytes.size(), f));
        }
        std::fclose(f);
    }
    std::remove(path);
    g->app->open_import_file(name ? name : "", std::move(bytes));
    return R"({"ok":true})";
}

// Another tab (the writer) saved, or this tab is taking over as the writer: IndexedDB has been read
// into /data again; reopen the database from it.
EMSCRIPTEN_KEEPALIVE void vastuu_reload_database() {
    if (!g || !g->app) return;
    vastuu::Status s = g->app->reload_database();
    if (!s) std::printf("vastuu: could not reopen the database after another tab saved: %s\n", s.error().message.c_str());
    g->platform.request_redraw();
}

// The app's place for the address bar (App::route), and going to one (a reload, a link, Back).
EMSCRIPTEN_KEEPALIVE const char* vastuu_route() { return g && g->app ? reply(g->app->route()) : ""; }
EMSCRIPTEN_KEEPALIVE void vastuu_open_route(const char* route) {
    if (g && g->app && route) g->app->open_route(route);
}

// A UI string in the current language (the busy overlay of web/pre.js).
EMSCRIPTEN_KEEPALIVE const char* vastuu_tr(const char* key) { return reply(vastuu::tr(key ? key : "")); }

// Text that arrived without key events (IME, dead keys, scripted insertText).
EMSCRIPTEN_KEEPALIVE void vastuu_add_text(const char* text) {
    if (g && g->app && text) ImGui::GetIO().AddInputCharactersUTF8(text);
}

EMSCRIPTEN_KEEPALIVE void vastuu_set_clipboard_from_browser(const char* text) { g->clipboard = text ? text : ""; }

EMSCRIPTEN_KEEPALIVE int vastuu_persistent_storage() { return js_storage_persistent() ? 1 : 0; }

}  // extern "C"
