// The application frame: top bar (navigation, File menu, undo/redo, language, theme), the current
// view, the status line (save state, latest note, counts) and the app-wide dialogs (open-database
// error, reset confirmation). Also the one command path, run_command().
//
// [SECTION] Shared widgets
// [SECTION] Start-up and database replacement
// [SECTION] Commands, undo and redo, downloads
// [SECTION] Drawing: top bar, body, status line, dialogs
#include "app.h"

#include <imgui.h>
#include <imgui_internal.h>

#include <cfloat>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sys/stat.h>

#include "io/dataset_json.h"
#include "io/demo_data.h"
#include "dialog_frame.h"
#include "fitted_text.h"
#include "item_hooks.h"
#include "core/text.h"

namespace vastuu::ui {
namespace {

bool file_exists(const std::string& path) {
    struct stat st;
    return ::stat(path.c_str(), &st) == 0 && st.st_size > 0;
}

void remove_database_files(const std::string& path) {
    for (const char* suffix : {"", "-journal", "-wal", "-shm"}) std::remove((path + suffix).c_str());
}

bool write_file(const std::string& path, const std::vector<uint8_t>& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    return static_cast<bool>(out);
}

bool copy_file(const std::string& from, const std::string& to) {
    std::ifstream in(from, std::ios::binary);
    if (!in) return false;
    std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return write_file(to, bytes);
}

// The visible part of a label ("Undo###top.undo" -> "Undo").
std::string visible_part(const char* label) {
    std::string s(label);
    size_t hash = s.find("##");
    return hash == std::string::npos ? s : s.substr(0, hash);
}

float button_width(const char* label) {
    return ImGui::CalcTextSize(visible_part(label).c_str()).x + ImGui::GetStyle().FramePadding.x * 2;
}

// A navigation or toggle button drawn as selected when `selected`.
bool toggle_button(const char* label, bool selected) {
    if (selected) {
        const Palette& p = palette();
        ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_Header));
        ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ImGui::GetStyleColorVec4(ImGuiCol_Header));
        ImGui::PushStyleColor(ImGuiCol_Text, p.selected_text);
        ImGui::PushStyleColor(ImGuiCol_Border, ImGui::GetStyleColorVec4(ImGuiCol_Header));
    } else {
        ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0, 0, 0, 0));
        ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ImGui::GetStyleColorVec4(ImGuiCol_ButtonHovered));
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_Text));
        ImGui::PushStyleColor(ImGuiCol_Border, ImVec4(0, 0, 0, 0));
    }
    bool pressed = ImGui::Button(label);
    ImGui::PopStyleColor(4);
    return pressed;
}

}  // namespace

// [SECTION] Shared widgets
void field_label(const char* text) {
    ImGui::PushStyleColor(ImGuiCol_Text, palette().muted);
    ImGui::TextUnformatted(text);
    ImGui::PopStyleColor();
}

void field_error(const Error& error, const char* field) {
    if (error.code.empty() || error.field != field) return;
    ImGui::PushStyleColor(ImGuiCol_Text, palette().error);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(error.message.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
    note_visible_text(error.message);
}

void form_error(const Error& error, std::initializer_list<const char*> shown_fields) {
    if (error.code.empty()) return;
    for (const char* f : shown_fields)
        if (error.field == f) return;
    ImGui::PushStyleColor(ImGuiCol_Text, palette().error);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(error.message.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
    note_visible_text(error.message);
}

void cell_text(const std::string& text, bool muted) {
    if (muted) ImGui::PushStyleColor(ImGuiCol_Text, palette().muted);
    fitted_text(text);  // cut with "…" when the column is too narrow, the whole text on hover
    if (muted) ImGui::PopStyleColor();
    note_visible_text(text);
}

DialogButtons dialog_buttons(const char* dialog, float scale, const char* save_key, bool save_enabled) {
    const ImGuiStyle& style = ImGui::GetStyle();
    float save_w = ImGui::CalcTextSize(tr(save_key)).x + style.FramePadding.x * 2 + 24 * scale;
    float buttons = ImGui::CalcTextSize(tr("dialog.cancel")).x + style.FramePadding.x * 2 + style.ItemSpacing.x + save_w;
    ImGui::SetCursorPosX(ImGui::GetWindowContentRegionMax().x - buttons);
    DialogButtons pressed;
    pressed.cancel = ImGui::Button((std::string(tr("dialog.cancel")) + "###" + dialog + ".cancel").c_str());
    ImGui::SameLine();
    ImGui::BeginDisabled(!save_enabled);
    pressed.save = primary_button((std::string(tr(save_key)) + "###" + dialog + ".save").c_str(), ImVec2(save_w, 0));
    ImGui::EndDisabled();
    if (dialog_cancel_key()) pressed.cancel = true;
    if (save_enabled && dialog_submit_key()) pressed.save = true;  // Enter submits (dialog_frame.h)
    return pressed;
}

bool employee_combo(const char* path, float width, const char* any_key, EmployeeId& value,
                    const std::vector<Employee>& employees, char* search, size_t search_size) {
    std::string preview = tr(any_key);
    for (const Employee& e : employees)
        if (e.id == value) preview = e.name;
    ImVec2 pos = ImGui::GetCursorScreenPos();
    ImGui::SetNextItemWidth(width);
    bool changed = false;
    if (ImGui::BeginCombo((std::string("###") + path).c_str(), preview.c_str(), ImGuiComboFlags_HeightLarge)) {
        if (ImGui::IsWindowAppearing()) {
            search[0] = 0;
            ImGui::SetKeyboardFocusHere();
        }
        ImGui::SetNextItemWidth(-FLT_MIN);
        ImGui::InputTextWithHint((std::string("###") + path + ".search").c_str(), tr("matrix.type_to_filter"),
                                 search, search_size);
        if (ImGui::Selectable((std::string(tr(any_key)) + "###" + path + ".any").c_str(), !value)) {
            value = EmployeeId();
            changed = true;
        }
        std::string needle = fold_for_search(trim(search));
        std::vector<const Employee*> shown;
        shown.reserve(employees.size());
        for (const Employee& e : employees)
            if (needle.empty() || fold_for_search(e.name).find(needle) != std::string::npos) shown.push_back(&e);
        ImGuiListClipper clipper;
        clipper.Begin(static_cast<int>(shown.size()));
        while (clipper.Step()) {
            for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
                const Employee& e = *shown[static_cast<size_t>(i)];
                std::string label = e.name + "###" + path + "." + std::to_string(e.id.value);
                if (ImGui::Selectable(label.c_str(), e.id == value)) {
                    value = e.id;
                    changed = true;
                }
            }
        }
        ImGui::EndCombo();
    }
    record_item(path, pos.x, pos.y, pos.x + width, pos.y + ImGui::GetFrameHeight());
    return changed;
}

// [SECTION] Start-up and database replacement
App::App(Platform& platform, AppOptions options)
    : platform_(platform), options_(std::move(options)), scale_(options_.scale) {}

App::~App() = default;

Status App::start() {
    std::string lang = platform_.load_setting("language");
    vastuu::set_language(lang == "fi" ? Lang::Fi : Lang::En);
    theme_ = platform_.load_setting("theme") == "dark" ? Theme::Dark : Theme::Light;
    apply_theme(theme_, scale_);
    if (options_.team) {  // team mode: the database is the server's snapshot, after signing in
        team_ = std::make_unique<TeamSession>(*this, *options_.team);
        return {};
    }

    const std::string& path = options_.database_path;
    bool is_new = path == ":memory:" || !file_exists(path);
    auto opened = Engine::open(path, options_.engine);
    if (!opened) {
        open_failure_ = opened.error();
        show_error(open_failure_);
        return opened.error();
    }
    engine_ = std::move(opened.value());
    Counts c = engine_->counts();
    if (is_new || (c.customers == 0 && c.employees == 0)) {
        Status seeded = generate_demo(*engine_, demo_default());
        if (!seeded) {
            show_error(seeded.error());
            return seeded;
        }
        platform_.database_changed();
    }
    ++generation_;
    return {};
}

Status App::open_database_file(const std::string& path) {
    if (platform_.read_only() || team_) {
        std::remove(path.c_str());
        Error e = team_ ? Error{"team.not_available", tr("team.not_available"), ""}
                        : Error{"app.read_only", tr("app.read_only"), ""};
        show_error(e);
        return e;
    }
    Status checked = Engine::check_file(path);
    if (!checked) {
        open_error_ = checked.error();
        open_error_request_ = true;
        last_error_ = checked.error();
        std::remove(path.c_str());
        platform_.request_redraw();
        return checked;
    }
    // Keep the current bytes so that a failure after closing can put everything back.
    std::vector<uint8_t> backup;
    if (engine_) {
        auto bytes = engine_->database_bytes();
        if (bytes) backup = std::move(bytes.value());
    }
    engine_.reset();
    remove_database_files(options_.database_path);
    bool copied = copy_file(path, options_.database_path);
    std::remove(path.c_str());
    auto opened = copied ? Engine::open(options_.database_path, options_.engine)
                         : Result<std::unique_ptr<Engine>>(Error{"db.copy_failed", tr("app.copy_failed"), ""});
    if (!opened) {
        Error error = opened.error();
        remove_database_files(options_.database_path);
        if (!backup.empty()) write_file(options_.database_path, backup);
        auto restored = Engine::open(options_.database_path, options_.engine);
        if (restored) engine_ = std::move(restored.value());
        open_error_ = error;
        open_error_request_ = true;
        last_error_ = error;
        ++generation_;
        platform_.request_redraw();
        return error;
    }
    engine_ = std::move(opened.value());
    open_failure_ = Error{};
    ++generation_;
    show_message(tr("app.database_opened"));
    after_change();
    return {};
}

void App::open_import_file(const std::string& name, std::string bytes) {
    if (!engine_) {
        show_error(Error{"app.no_database", tr("app.no_database"), ""});
        return;
    }
    open_import_dialog(*this, import_, name, std::move(bytes));
    platform_.request_redraw();
}

Status App::reset_to_demo() {
    if (platform_.read_only() || team_) {
        Error e = team_ ? Error{"team.not_available", tr("team.not_available"), ""}
                        : Error{"app.read_only", tr("app.read_only"), ""};
        show_error(e);
        return e;
    }
    engine_.reset();
    remove_database_files(options_.database_path);
    auto opened = Engine::open(options_.database_path, options_.engine);
    if (!opened) {
        show_error(opened.error());
        return opened.error();
    }
    engine_ = std::move(opened.value());
    Status seeded = generate_demo(*engine_, demo_default());
    ++generation_;
    if (!seeded) {
        show_error(seeded.error());
        return seeded;
    }
    open_failure_ = Error{};
    show_message(tr("app.reset_done"));
    after_change();
    return {};
}

Status App::reload_database() {
    engine_.reset();
    const std::string& path = options_.database_path;
    bool is_new = !file_exists(path);
    auto opened = Engine::open(path, options_.engine);
    ++generation_;
    if (!opened) {
        open_failure_ = opened.error();
        show_error(open_failure_);
        return opened.error();
    }
    engine_ = std::move(opened.value());
    open_failure_ = Error{};
    // A writer that closed before its first save left nothing behind: start from the demo data as
    // start() does (only a writer; a reader waits for the writer's first save).
    Counts c = engine_->counts();
    if (!platform_.read_only() && (is_new || (c.customers == 0 && c.employees == 0))) {
        Status seeded = generate_demo(*engine_, demo_default());
        if (!seeded) show_error(seeded.error());
        else platform_.database_changed();
    }
    platform_.request_redraw();
    return {};
}

void App::replace_engine(std::unique_ptr<Engine> engine) {
    engine_ = std::move(engine);
    open_failure_ = Error{};
    ++generation_;
    platform_.request_redraw();
}

void App::note_rows_applied() {
    ++generation_;  // rows written outside a command: last_changes() does not describe them
    platform_.request_redraw();
}

std::string App::cache_key() const {
    // The viewer is part of the key: switching who is signed in changes what every list shows.
    return std::to_string(generation_) + ":" + std::to_string(engine_ ? engine_->revision() : 0) + ":" +
           std::to_string(engine_ ? engine_->viewer().value : 0);
}

void App::set_language(Lang lang) {
    vastuu::set_language(lang);
    platform_.save_setting("language", language_code(lang));
    message_.clear();
    platform_.request_redraw();
}

void App::set_theme(Theme theme) {
    theme_ = theme;
    apply_theme(theme_, scale_);
    platform_.save_setting("theme", theme == Theme::Dark ? "dark" : "light");
    platform_.request_redraw();
}

void App::set_scale(float scale) {
    scale_ = scale > 0 ? scale : 1.0f;
    apply_theme(theme_, scale_);
}

void App::show_error(const Error& error) {
    last_error_ = error;
    message_ = error.message;
    message_is_error_ = true;
    platform_.request_redraw();
}

void App::show_message(std::string message) {
    message_ = std::move(message);
    message_is_error_ = false;
    platform_.request_redraw();
}

nlohmann::json App::stats() {
    nlohmann::json s;
    Counts c = engine_ ? engine_->counts() : Counts{};
    s["customers"] = c.customers;
    s["projects"] = c.projects;
    s["employees"] = c.employees;
    s["responsibilities"] = c.responsibilities;
    s["customerGroups"] = c.customer_groups;
    s["specialGroups"] = c.special_groups;
    s["teams"] = c.teams;
    s["revision"] = engine_ ? engine_->revision() : 0;
    s["generation"] = generation_;
    s["language"] = language_code(language());
    s["theme"] = theme_ == Theme::Dark ? "dark" : "light";
    static const char* const view_names[] = {"customers", "employees", "matrix", "groups", "specialGroups", "persons", "changes"};
    s["view"] = view_names[static_cast<int>(view_)];
    s["canUndo"] = engine_ && engine_->can_undo();
    s["canRedo"] = engine_ && engine_->can_redo();
    s["viewer"] = engine_ ? engine_->viewer().value : 0;  // 0: the administrator
    if (team_) s["team"] = team_->stats();
    return s;
}

// [SECTION] Commands, undo and redo, downloads
Result<nlohmann::json> App::run_command(const nlohmann::json& command) {
    if (platform_.read_only()) {  // another tab is the writer (web/pre.js): nothing changes here
        Error e{"app.read_only", tr("app.read_only"), ""};
        show_error(e);
        return e;
    }
    if (!engine_ && !team_) {
        Error e{"app.no_database", tr("app.no_database"), ""};
        last_error_ = e;
        return e;
    }
    try {
        auto result = team_ ? team_->run_command(command) : engine_->execute(command);
        if (!result) {
            last_error_ = result.error();
            platform_.request_redraw();
            return result;
        }
        after_change();
        return result;
    } catch (const std::exception& ex) {
        Error e{"command.failed", tr_format("app.command_failed", {ex.what()}), ""};
        last_error_ = e;
        return e;
    }
}

void App::after_change() {
    platform_.database_changed();
    platform_.request_redraw();
}

void App::undo() {
    if (!engine_ || !engine_->can_undo()) return;
    std::string label = vastuu::command_label(engine_->undo_label());
    auto r = run_command({{"cmd", "undo"}});
    if (r)
        show_message(tr_format("app.undone", {label}));
    else
        show_error(r.error());
}

void App::redo() {
    if (!engine_ || !engine_->can_redo()) return;
    std::string label = vastuu::command_label(engine_->redo_label());
    auto r = run_command({{"cmd", "redo"}});
    if (r)
        show_message(tr_format("app.redone", {label}));
    else
        show_error(r.error());
}

void App::download_database() {
    if (!engine_) return;
    auto bytes = engine_->database_bytes();
    if (!bytes) {
        show_error(bytes.error());
        return;
    }
    platform_.download("vastuu-" + engine_->today() + ".sqlite", "application/vnd.sqlite3", bytes.value());
    show_message(tr("app.database_downloaded"));
}

void App::export_customers() {
    if (!engine_) return;
    auto bytes = engine_->export_customers_xlsx(customer_filter(customers_));
    if (!bytes) {
        show_error(bytes.error());
        return;
    }
    platform_.download("customers.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                       bytes.value());
    show_message(tr("app.customers_exported"));
}

void App::export_dataset() {
    if (!engine_) return;
    auto doc = export_dataset_json(*engine_);
    if (!doc) {
        show_error(doc.error());
        return;
    }
    // The same layout as the command-line tool's export-json (two-space indent, one final newline).
    std::string text = doc.value().dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    platform_.download("vastuu-" + engine_->today() + ".json", "application/json",
                       std::vector<uint8_t>(text.begin(), text.end()));
    show_message(tr("app.dataset_exported"));
}

void App::handle_shortcuts() {
    ImGuiIO& io = ImGui::GetIO();
    if (io.WantTextInput || ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId | ImGuiPopupFlags_AnyPopupLevel))
        return;
    if (!(io.KeyCtrl || io.KeySuper)) return;
    if (ImGui::IsKeyPressed(ImGuiKey_Z, false)) {
        if (io.KeyShift)
            redo();
        else
            undo();
    } else if (ImGui::IsKeyPressed(ImGuiKey_Y, false)) {
        redo();
    }
}

// [SECTION] Drawing: top bar, body, status line, dialogs
void App::draw() {
    if (team_ && draw_team_screen(*this, *team_)) return;  // sign-in, invitation, loading
    handle_shortcuts();
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    float bar_h = std::round(50.0f * scale_);
    float status_h = std::round(32.0f * scale_);
    draw_top_bar(bar_h);
    float banner_h = draw_banner(vp->Pos.y + bar_h);
    draw_body(vp->Pos.y + bar_h + banner_h, vp->Size.y - bar_h - banner_h - status_h);
    draw_status_line(status_h);
    draw_app_dialogs();
}

namespace {

// Begins a fixed, undecorated panel window of the app frame.
void begin_panel(const char* name, ImVec2 pos, ImVec2 size, ImVec4 bg, ImVec2 padding, bool scroll) {
    ImGui::SetNextWindowPos(pos);
    ImGui::SetNextWindowSize(size);
    ImGui::PushStyleColor(ImGuiCol_WindowBg, bg);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 0.0f);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 0.0f);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, padding);
    ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                             ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;
    if (!scroll) flags |= ImGuiWindowFlags_NoScrollWithMouse;
    ImGui::Begin(name, nullptr, flags);
    ImGui::PopStyleVar(3);
    ImGui::PopStyleColor();
}

// A full-width line at `y` (the window's own clip rectangle would stop it short of the edges).
void bar_separator_line(float y) {
    ImGuiWindow* w = ImGui::GetCurrentWindow();
    w->DrawList->PushClipRect(w->Pos, ImVec2(w->Pos.x + w->Size.x, w->Pos.y + w->Size.y), false);
    w->DrawList->AddLine(ImVec2(w->Pos.x, y + 0.5f), ImVec2(w->Pos.x + w->Size.x, y + 0.5f),
                         ImGui::GetColorU32(ImGuiCol_Border), 1.0f);
    w->DrawList->PopClipRect();
}

}  // namespace

void App::draw_top_bar(float height) {
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    const ImGuiStyle& style = ImGui::GetStyle();
    float frame_h = ImGui::GetFrameHeight();
    begin_panel("###topbar", vp->Pos, ImVec2(vp->Size.x, height), palette().bar,
                ImVec2(16.0f * scale_, std::floor((height - frame_h) / 2)), false);
    bar_separator_line(vp->Pos.y + height - 1);

    // Title, in the heading font, centred on the buttons' line (drawn, so the line stays put).
    {
        ImFont* font = heading_font() ? heading_font() : ImGui::GetFont();
        const char* title = tr("app.title");
        ImVec2 size = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0.0f, title);
        ImVec2 p = ImGui::GetCursorScreenPos();
        ImGui::GetWindowDrawList()->AddText(font, font->FontSize, ImVec2(p.x, p.y + std::floor((frame_h - size.y) / 2)),
                                            ImGui::GetColorU32(palette().accent), title);
        ImGui::Dummy(ImVec2(size.x, frame_h));
        note_visible_text(title);
    }
    ImGui::SameLine(0, 20.0f * scale_);

    // File menu.
    if (toggle_button((std::string(tr("file.menu")) + "###file.menu").c_str(), ImGui::IsPopupOpen("###file_popup")))
        ImGui::OpenPopup("###file_popup");
    ImVec2 menu_pos(ImGui::GetItemRectMin().x, ImGui::GetItemRectMax().y + 4.0f * scale_);
    ImGui::SameLine(0, 12.0f * scale_);
    {
        ImVec2 p = ImGui::GetCursorScreenPos();
        ImGui::GetWindowDrawList()->AddLine(ImVec2(p.x, p.y + 6 * scale_), ImVec2(p.x, p.y + frame_h - 6 * scale_),
                                            ImGui::GetColorU32(ImGuiCol_Border));
        ImGui::Dummy(ImVec2(1, frame_h));
    }
    ImGui::SameLine(0, 12.0f * scale_);

    // Navigation.
    if (toggle_button((std::string(tr("nav.customers")) + "###nav.customers").c_str(), view_ == View::Customers))
        view_ = View::Customers;
    ImGui::SameLine(0, 4.0f * scale_);
    if (toggle_button((std::string(tr("nav.employees")) + "###nav.employees").c_str(), view_ == View::Employees))
        view_ = View::Employees;
    ImGui::SameLine(0, 4.0f * scale_);
    if (toggle_button((std::string(tr("nav.matrix")) + "###nav.matrix").c_str(), view_ == View::Matrix))
        view_ = View::Matrix;
    ImGui::SameLine(0, 4.0f * scale_);
    if (toggle_button((std::string(tr("nav.groups")) + "###nav.groups").c_str(), view_ == View::Groups))
        view_ = View::Groups;
    ImGui::SameLine(0, 4.0f * scale_);
    if (toggle_button((std::string(tr("nav.special_groups")) + "###nav.special_groups").c_str(),
                      view_ == View::SpecialGroups))
        view_ = View::SpecialGroups;
    ImGui::SameLine(0, 4.0f * scale_);
    if (toggle_button((std::string(tr("nav.persons")) + "###nav.persons").c_str(), view_ == View::Persons))
        view_ = View::Persons;
    if (changes_view_allowed(*this)) {  // the administrator's
        ImGui::SameLine(0, 4.0f * scale_);
        if (toggle_button((std::string(tr("nav.changes")) + "###nav.changes").c_str(), view_ == View::Changes))
            view_ = View::Changes;
    }

    // Right side: undo, redo, language, theme.
    std::string undo_label = std::string(tr("top.undo")) + "###top.undo";
    std::string redo_label = std::string(tr("top.redo")) + "###top.redo";
    std::string theme_label =
        std::string(theme_ == Theme::Dark ? tr("top.theme_light") : tr("top.theme_dark")) + "###top.theme";
    const char* en_label = "English###lang.en";
    const char* fi_label = "Suomi###lang.fi";
    float gap = style.ItemSpacing.x;
    float right = button_width(undo_label.c_str()) + button_width(redo_label.c_str()) + button_width(en_label) +
                  button_width(fi_label) + button_width(theme_label.c_str()) + gap * 2 + 4.0f * scale_ +
                  2 * 16.0f * scale_;
    float x = ImGui::GetWindowContentRegionMax().x - right;
    if (x > ImGui::GetCursorPosX() + 20.0f * scale_) ImGui::SameLine(x); else ImGui::SameLine(0, 20.0f * scale_);

    bool can_undo = engine_ && engine_->can_undo() && !team_;  // team mode: issue #15
    bool can_redo = engine_ && engine_->can_redo() && !team_;
    ImGui::BeginDisabled(!can_undo);
    if (ImGui::Button(undo_label.c_str())) undo();
    ImGui::EndDisabled();
    if (can_undo && ImGui::IsItemHovered(ImGuiHoveredFlags_DelayShort))
        ImGui::SetTooltip("%s (Ctrl+Z)", vastuu::command_label(engine_->undo_label()).c_str());
    ImGui::SameLine(0, gap);
    ImGui::BeginDisabled(!can_redo);
    if (ImGui::Button(redo_label.c_str())) redo();
    ImGui::EndDisabled();
    if (can_redo && ImGui::IsItemHovered(ImGuiHoveredFlags_DelayShort))
        ImGui::SetTooltip("%s (Ctrl+Y)", vastuu::command_label(engine_->redo_label()).c_str());

    ImGui::SameLine(0, 16.0f * scale_);
    if (toggle_button(en_label, language() == Lang::En) && language() != Lang::En) set_language(Lang::En);
    ImGui::SameLine(0, 4.0f * scale_);
    if (toggle_button(fi_label, language() == Lang::Fi) && language() != Lang::Fi) set_language(Lang::Fi);
    ImGui::SameLine(0, 16.0f * scale_);
    if (ImGui::Button(theme_label.c_str())) set_theme(theme_ == Theme::Dark ? Theme::Light : Theme::Dark);

    ImGui::SetNextWindowPos(menu_pos);
    if (ImGui::BeginPopup("###file_popup")) {
        draw_file_menu();
        ImGui::EndPopup();
    }
    ImGui::End();
}

void App::open_customer_card(CustomerId id) {
    card_request_ = CardRequest{id, ProjectId{}};
    card_request_pending_ = true;
    platform_.request_redraw();
}

void App::open_project_card(ProjectId id) {
    card_request_ = CardRequest{CustomerId{}, id};
    card_request_pending_ = true;
    platform_.request_redraw();
}

bool App::take_card_request(CardRequest& out) {
    if (!card_request_pending_) return false;
    out = card_request_;
    card_request_pending_ = false;
    return true;
}

void App::draw_file_menu() {
    bool has_db = engine_ != nullptr;
    auto label = [](const char* key, const char* id) { return std::string(tr(key)) + "###" + id; };
    if (ImGui::MenuItem(label("file.download_db", "file.download_db").c_str(), nullptr, false, has_db))
        download_database();
    if (ImGui::MenuItem(label("file.open_db", "file.open_db").c_str(), nullptr, false, !team_))
        platform_.ask_open_database();
    ImGui::Separator();
    if (ImGui::MenuItem(label("file.export_customers", "file.export_customers").c_str(), nullptr, false, has_db))
        export_customers();
    if (ImGui::MenuItem(label("file.export_dataset", "file.export_dataset").c_str(), nullptr, false, has_db))
        export_dataset();
    const bool may_import = may_run(*this, "import.apply");
    if (ImGui::MenuItem(label("file.import", "file.import").c_str(), nullptr, false, has_db && may_import))
        platform_.ask_open_import();
    explain_admin_only(may_import);
    ImGui::Separator();
    bool can_undo = has_db && engine_->can_undo() && !team_;
    bool can_redo = has_db && engine_->can_redo() && !team_;
    if (ImGui::MenuItem(label("file.undo", "file.undo").c_str(), "Ctrl+Z", false, can_undo)) undo();
    if (ImGui::MenuItem(label("file.redo", "file.redo").c_str(), "Ctrl+Y", false, can_redo)) redo();
    ImGui::Separator();
    if (ImGui::MenuItem(label("file.reset_demo", "file.reset_demo").c_str(), nullptr, false, !team_))
        reset_request_ = true;
}

void App::draw_body(float y, float height) {
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    begin_panel("###body", ImVec2(vp->Pos.x, y), ImVec2(vp->Size.x, height),
                ImGui::GetStyleColorVec4(ImGuiCol_WindowBg), ImVec2(20.0f * scale_, 16.0f * scale_), false);
    if (engine_) draw_viewer_note(*this);  // one line while an employee is signed in
    if (!engine_) {
        ImGui::PushStyleColor(ImGuiCol_Text, palette().error);
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextUnformatted(tr("app.cannot_open_stored"));
        ImGui::TextUnformatted(open_failure_.message.c_str());
        ImGui::PopTextWrapPos();
        ImGui::PopStyleColor();
        ImGui::Spacing();
        if (ImGui::Button((std::string(tr("file.open_db")) + "###failure.open_db").c_str()))
            platform_.ask_open_database();
        ImGui::SameLine();
        if (ImGui::Button((std::string(tr("file.reset_demo")) + "###failure.reset_demo").c_str()))
            reset_request_ = true;
    } else if (view_ == View::Customers) {
        draw_customers_view(*this, customers_);
    } else if (view_ == View::Matrix) {
        draw_matrix_view(*this, matrix_);
    } else if (view_ == View::Groups) {
        draw_groups_view(*this, groups_);
    } else if (view_ == View::SpecialGroups) {
        draw_special_groups_view(*this, special_groups_);
    } else if (view_ == View::Persons) {
        draw_persons_view(*this, persons_);
    } else if (view_ == View::Changes && changes_view_allowed(*this)) {
        draw_changes_view(*this, changes_);
    } else {
        draw_employees_view(*this, employees_);
    }
    ImGui::End();
}

void App::draw_status_line(float height) {
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    float frame_h = ImGui::GetFrameHeight();
    float pad_y = std::max(0.0f, std::floor((height - frame_h) / 2));
    begin_panel("###statusline", ImVec2(vp->Pos.x, vp->Pos.y + vp->Size.y - height), ImVec2(vp->Size.x, height),
                palette().bar, ImVec2(16.0f * scale_, pad_y), false);
    bar_separator_line(vp->Pos.y + vp->Size.y - height);

    SaveState state = platform_.save_state();
    ImVec4 dot = palette().ok;
    const char* text = tr("status.saved");
    if (state == SaveState::Saving) {
        dot = ImVec4(0.85f, 0.6f, 0.1f, 1.0f);
        text = tr("status.saving");
    } else if (state == SaveState::Error) {
        dot = palette().error;
        text = tr("status.save_failed");
    } else if (state == SaveState::MemoryOnly) {
        dot = palette().error;
        text = tr("status.memory_only");
    }
    if (team_) {  // team mode: where the changes stand with the server, not browser storage
        text = tr(team_->status_key());
        dot = !team_->connected() ? palette().error
              : team_->pending_count() ? ImVec4(0.85f, 0.6f, 0.1f, 1.0f) : palette().ok;
        state = SaveState::Saved;
    }
    ImGui::AlignTextToFramePadding();
    ImVec2 p = ImGui::GetCursorScreenPos();
    float r = 4.0f * scale_;
    ImGui::GetWindowDrawList()->AddCircleFilled(ImVec2(p.x + r, p.y + frame_h / 2), r, ImGui::GetColorU32(dot));
    ImGui::Dummy(ImVec2(r * 2, frame_h));
    ImGui::SameLine(0, 8.0f * scale_);
    ImGui::TextUnformatted(text);
    ImGui::SameLine();
    record_last_item("status.save_state");
    note_visible_text(text);
    if (state == SaveState::Error || state == SaveState::MemoryOnly) {
        ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(ImGui::GetStyle().FramePadding.x, 1.0f * scale_));
        if (ImGui::SmallButton((std::string(tr("file.download_db")) + "###status.download_db").c_str()))
            download_database();
        ImGui::PopStyleVar();
        ImGui::SameLine();
    }
    // Right side: "Signed in as" and the counts; the message is clipped before them.
    std::string counts;
    float right_w = 0;
    if (engine_) {
        std::string key = cache_key();
        if (key != counts_key_) {
            counts_ = engine_->counts();
            counts_key_ = key;
        }
        auto part = [](const char* key, long long n) { return tr_count(key, n, {std::to_string(n)}); };
        counts = part("status.customers", counts_.customers) + " \xC2\xB7 " + part("status.employees", counts_.employees) +
                 " \xC2\xB7 " + part("status.teams", counts_.teams);
        right_w = signed_in_as_width(*this) + 16.0f * scale_ + ImGui::CalcTextSize(counts.c_str()).x;
    }
    const float right_x = ImGui::GetWindowContentRegionMax().x - right_w;
    if (!message_.empty()) {
        ImVec2 wp = ImGui::GetWindowPos();
        ImGui::PushClipRect(wp, ImVec2(wp.x + right_x - 12.0f * scale_, wp.y + ImGui::GetWindowHeight()), true);
        ImGui::TextColored(palette().muted, "|");
        ImGui::SameLine();
        if (message_is_error_)
            ImGui::TextColored(palette().error, "%s", message_.c_str());
        else
            ImGui::TextUnformatted(message_.c_str());
        record_last_item("status.message");
        note_visible_text(message_);
        ImGui::PopClipRect();
        ImGui::SameLine();
    }

    if (engine_) {
        ImGui::SameLine(std::max(right_x, 0.0f));
        draw_signed_in_as(*this, signed_in_, signed_in_as_width(*this));
        ImGui::SameLine(0, 16.0f * scale_);
        ImGui::TextColored(palette().muted, "%s", counts.c_str());
    }
    ImGui::End();
}

// A full-width band under the top bar when this tab is read-only (another tab is the writer) or the
// data is only in memory (no browser storage, or the last save failed), with a download offer.
float App::draw_banner(float y) {
    SaveState state = platform_.save_state();
    const char* text = nullptr;
    ImVec4 bg;
    bool offer_download = false;
    if (platform_.read_only()) {
        text = tr("banner.read_only");
        bg = theme_ == Theme::Dark ? ImVec4(0.16f, 0.24f, 0.36f, 1.0f) : ImVec4(0.86f, 0.92f, 0.99f, 1.0f);
    } else if (state == SaveState::Error || state == SaveState::MemoryOnly) {
        text = tr(state == SaveState::Error ? "banner.save_failed" : "banner.memory_only");
        bg = theme_ == Theme::Dark ? ImVec4(0.38f, 0.14f, 0.12f, 1.0f) : ImVec4(0.99f, 0.90f, 0.88f, 1.0f);
        offer_download = engine_ != nullptr;
    } else {
        return 0.0f;
    }
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    float height = std::round(40.0f * scale_);
    float frame_h = ImGui::GetFrameHeight();
    begin_panel("###banner", ImVec2(vp->Pos.x, y), ImVec2(vp->Size.x, height), bg,
                ImVec2(20.0f * scale_, std::max(0.0f, std::floor((height - frame_h) / 2))), false);
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(text);
    record_last_item("banner.text");
    note_visible_text(text);
    if (platform_.read_only()) {
        ImGui::SameLine(0, 16.0f * scale_);
        if (ImGui::Button((std::string(tr("banner.take_over")) + "###banner.take_over").c_str()))
            platform_.take_over();
    }
    if (offer_download) {
        ImGui::SameLine(0, 16.0f * scale_);
        if (primary_button((std::string(tr("file.download_db")) + "###banner.download_db").c_str()))
            download_database();
    }
    bar_separator_line(y + height - 1);
    ImGui::End();
    return height;
}

void App::draw_app_dialogs() {
    float s = scale_;
    if (open_error_request_) {
        ImGui::OpenPopup("###open_db_error");
        open_error_request_ = false;
    }
    if (reset_request_) {
        ImGui::OpenPopup("###reset_confirm");
        reset_request_ = false;
    }

    std::string title = std::string(tr("open_db_error.title")) + "###open_db_error";
    if (begin_dialog(title.c_str(), 440 * s)) {
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextUnformatted(tr("open_db_error.intro"));
        ImGui::Spacing();
        ImGui::PushStyleColor(ImGuiCol_Text, palette().error);
        ImGui::TextUnformatted(open_error_.message.c_str());
        ImGui::PopStyleColor();
        note_visible_text(open_error_.message);
        ImGui::Spacing();
        ImGui::TextUnformatted(tr("open_db_error.unchanged"));
        ImGui::PopTextWrapPos();
        dialog_footer();
        ImGui::Spacing();
        if (primary_button((std::string(tr("dialog.ok")) + "###open_db_error.ok").c_str(), ImVec2(100 * s, 0)) ||
            dialog_submit_key() || dialog_cancel_key())
            ImGui::CloseCurrentPopup();
        end_dialog();
    }

    title = std::string(tr("reset_confirm.title")) + "###reset_confirm";
    if (begin_dialog(title.c_str(), 440 * s)) {
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextUnformatted(tr("reset_confirm.text"));
        ImGui::PopTextWrapPos();
        dialog_footer();
        ImGui::Spacing();
        if (primary_button((std::string(tr("reset_confirm.ok")) + "###reset_confirm.ok").c_str())) {
            (void)reset_to_demo();
            ImGui::CloseCurrentPopup();
        }
        ImGui::SameLine();
        if (ImGui::Button((std::string(tr("dialog.cancel")) + "###reset_confirm.cancel").c_str()) ||
            dialog_cancel_key())
            ImGui::CloseCurrentPopup();
        end_dialog();
    }

    if (engine_) draw_card_dialog(*this, card_);
    if (engine_) draw_import_dialog(*this, import_);
}

}  // namespace vastuu::ui
