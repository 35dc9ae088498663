// The application frame: top bar (navigation, File menu, undo/redo, language, theme), the current
// view, the status line (save state, latest note, counts) and the app-wide dialogs (open-database
// error, reset confirmation). Also the one command path, run_command().
//
// [SECTION] Start-up and database replacement
// [SECTION] Commands, undo and redo, downloads
// [SECTION] Drawing: top bar, body, status line, dialogs
#include "app.h"

#include <imgui.h>
#include <imgui_internal.h>

#include <cfloat>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <sys/stat.h>

#include "io/dataset_json.h"
#include "io/demo_data.h"
#include "dialog_frame.h"
#include "fitted_text.h"
#include "item_hooks.h"
#include "widgets.h"
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

// stdio, not <fstream>: iostreams would bring libc++'s locale machinery into app.wasm (tens of KB
// gzipped) for two file copies.
bool write_file(const std::string& path, const std::vector<uint8_t>& bytes) {
    std::FILE* out = std::fopen(path.c_str(), "wb");
    if (!out) return false;
    const bool written = std::fwrite(bytes.data(), 1, bytes.size(), out) == bytes.size();
    return std::fclose(out) == 0 && written;
}

bool copy_file(const std::string& from, const std::string& to) {
    std::FILE* in = std::fopen(from.c_str(), "rb");
    if (!in) return false;
    std::vector<uint8_t> bytes;
    bool read = std::fseek(in, 0, SEEK_END) == 0;
    const long size = read ? std::ftell(in) : -1;
    read = read && size >= 0 && std::fseek(in, 0, SEEK_SET) == 0;
    if (read) {
        bytes.resize(static_cast<size_t>(size));
        read = std::fread(bytes.data(), 1, bytes.size(), in) == bytes.size();
    }
    std::fclose(in);
    return read && write_file(to, bytes);
}

// The name the engine's messages give a picked file: the user's name for it, never the path of
// the app's copy (/tmp/offer.sqlite), which the user has never seen.
std::string shown_name(const std::string& name) { return name.empty() ? tr("open_db_error.unnamed_file") : name; }

}  // namespace

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

Status App::may_replace_database() {
    if (!platform_.read_only() && !team_) return {};
    Error e = team_ ? Error{"team.not_available", tr("team.not_available"), ""}
                    : Error{"app.read_only", tr("app.read_only"), ""};
    show_error(e);
    return e;
}

Error App::refuse_picked_file(const std::string& path, const std::string& name, Error error) {
    std::remove(path.c_str());
    open_error_ = error;
    open_error_name_ = name;
    open_error_request_ = true;
    open_error_details_ = false;
    last_error_ = error;
    platform_.request_redraw();
    return error;
}

Status App::offer_database_file(const std::string& path, const std::string& name) {
    if (Status may = may_replace_database(); !may) {
        std::remove(path.c_str());
        return may;
    }
    auto inspected = Engine::inspect_file(path, shown_name(name));
    if (!inspected) return refuse_picked_file(path, name, inspected.error());
    if (!offer_.path.empty() && offer_.path != path) std::remove(offer_.path.c_str());
    offer_ = OpenOffer{path, name, inspected->counts, inspected->warnings};
    offer_request_ = true;
    platform_.request_redraw();
    return {};
}

void App::keep_previous_database(const char* action_key) {
    previous_database_.clear();
    previous_action_.clear();
    if (!engine_) return;
    auto bytes = engine_->database_bytes();
    if (!bytes) return;
    previous_database_ = std::move(bytes.value());
    previous_action_ = action_key;
}

Status App::restore_previous_database() {
    if (previous_database_.empty()) return {};
    VASTUU_TRY(may_replace_database());
    std::vector<uint8_t> bytes = std::move(previous_database_);
    const std::string action = tr(previous_action_.c_str());
    previous_database_.clear();
    previous_action_.clear();
    engine_.reset();
    remove_database_files(options_.database_path);
    Status written = write_file(options_.database_path, bytes)
                         ? Status{}
                         : Status(Error{"db.copy_failed", tr("app.copy_failed"), ""});
    auto opened = written ? Engine::open(options_.database_path, options_.engine)
                          : Result<std::unique_ptr<Engine>>(written.error());
    ++generation_;
    if (!opened) {
        open_failure_ = opened.error();
        show_error(open_failure_);
        return opened.error();
    }
    engine_ = std::move(opened.value());
    open_failure_ = Error{};
    show_message(tr_format("app.undone", {action}));
    after_change();
    return {};
}

Status App::open_database_file(const std::string& path, const std::string& name) {
    if (Status may = may_replace_database(); !may) {
        std::remove(path.c_str());
        return may;
    }
    Status checked = Engine::check_file(path, shown_name(name));
    if (!checked) return refuse_picked_file(path, name, checked.error());
    // The current bytes: undo's way back, and what a failure after closing puts back.
    std::vector<uint8_t> previous = std::move(previous_database_);
    std::string previous_action = std::move(previous_action_);
    keep_previous_database("undo.open_db");
    const std::vector<uint8_t>& backup = previous_database_;
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
        previous_database_ = std::move(previous);  // nothing was replaced: the undo state stays
        previous_action_ = std::move(previous_action);
        open_error_ = error;
        open_error_name_ = name;
        open_error_request_ = true;
        open_error_details_ = false;
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
    VASTUU_TRY(may_replace_database());
    keep_previous_database("undo.reset_demo");
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
    s["canUndo"] = can_undo();
    s["canRedo"] = can_redo();
    s["hasPreviousData"] = has_previous_database();
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

bool App::can_undo() const {
    if (!engine_) return false;
    if (team_) return team_->can_undo();  // the server keeps each person's own undo stack
    return engine_->can_undo() || (!previous_database_.empty() && !platform_.read_only());
}

bool App::can_redo() const {
    if (!engine_) return false;
    if (team_) return team_->can_redo();
    return engine_->can_redo();
}

std::string App::undo_label() const {
    if (!can_undo()) return "";
    if (team_) return vastuu::command_label(team_->undo_state().undo_label);
    return engine_->can_undo() ? vastuu::command_label(engine_->undo_label()) : tr(previous_action_.c_str());
}

void App::undo() {
    if (!can_undo()) return;
    if (!team_ && !engine_->can_undo()) {
        (void)restore_previous_database();
        return;
    }
    std::string label = undo_label();
    auto r = run_command({{"cmd", "undo"}});
    if (r)
        show_message(tr_format("app.undone", {label}));
    else
        show_error(r.error());
}

std::string App::redo_label() const {
    if (!can_redo()) return "";
    return vastuu::command_label(team_ ? team_->undo_state().redo_label : engine_->redo_label());
}

void App::redo() {
    if (!can_redo()) return;
    std::string label = redo_label();
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
    download_xlsx("file.customers", bytes.value());
    show_message(tr("app.customers_exported"));
}

void App::download_xlsx(const char* name_key, const std::vector<uint8_t>& bytes, const std::string& subject) {
    std::string safe;
    for (char ch : subject) safe += std::strchr("/\\:*?\"<>|", ch) || (ch >= 0 && ch < 32) ? '-' : ch;
    platform_.download(tr_format(name_key, {safe}), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                       bytes);
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

    // What the bar holds, measured first: at 1024 px (Finnish, or with every view) the full labels
    // do not fit, and the bar gives way in steps: the language and theme buttons take their short
    // forms (named in full by their tooltips), then the title goes, then the buttons' side padding
    // halves.
    struct Nav {
        const char* key;
        View view;
    };
    static const Nav kNav[] = {{"nav.customers", View::Customers}, {"nav.employees", View::Employees},
                               {"nav.matrix", View::Matrix},       {"nav.groups", View::Groups},
                               {"nav.special_groups", View::SpecialGroups}, {"nav.persons", View::Persons},
                               {"nav.changes", View::Changes}};
    // The Changes view is the administrator's (changes_view_allowed): its button only for them.
    const bool show_changes = changes_view_allowed(*this);
    auto shown = [show_changes](const Nav& n) { return n.view != View::Changes || show_changes; };
    auto nav_label = [](const Nav& n) { return std::string(tr(n.key)) + "###" + n.key; };
    ImFont* title_font = heading_font() ? heading_font() : ImGui::GetFont();
    const char* title = tr("app.title");
    const ImVec2 title_size = title_font->CalcTextSizeA(title_font->FontSize, FLT_MAX, 0.0f, title);
    const std::string file_label = std::string(tr("file.menu")) + "###file.menu";
    auto left_width = [&] {
        float w = button_width(file_label.c_str()) + 2 * 12.0f * scale_ + 1;
        for (const Nav& n : kNav)
            if (shown(n)) w += button_width(nav_label(n).c_str()) + 4.0f * scale_;
        return w;
    };
    const std::string undo_label = std::string(tr("top.undo")) + "###top.undo";
    const std::string redo_label = std::string(tr("top.redo")) + "###top.redo";
    const char* theme_key = theme_ == Theme::Dark ? "top.theme_light" : "top.theme_dark";
    const float gap = style.ItemSpacing.x;
    std::string theme_label, en_label, fi_label;
    auto right_width = [&](bool short_form) {
        theme_label = std::string(tr(short_form ? (std::string(theme_key) + "_short").c_str() : theme_key)) + "###top.theme";
        en_label = std::string(short_form ? "EN" : "English") + "###lang.en";
        fi_label = std::string(short_form ? "FI" : "Suomi") + "###lang.fi";
        return button_width(undo_label.c_str()) + button_width(redo_label.c_str()) + button_width(en_label.c_str()) +
               button_width(fi_label.c_str()) + button_width(theme_label.c_str()) + gap + 4.0f * scale_ +
               2 * 16.0f * scale_;
    };
    const float avail = ImGui::GetWindowContentRegionMax().x - ImGui::GetCursorPosX() - 20.0f * scale_;
    const float title_w = title_size.x + 20.0f * scale_;
    bool compact = false, show_title = true, tight = false;
    float right = 0;
    for (int step = 0; step < 4; ++step) {
        compact = step >= 1;
        show_title = step < 2;
        tight = step >= 3;
        if (tight)  // popped at the end of the bar
            ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(std::floor(style.FramePadding.x / 2), style.FramePadding.y));
        right = right_width(compact);
        if ((show_title ? title_w : 0) + left_width() + right <= avail) break;
    }

    // Title, in the heading font, centred on the buttons' line (drawn, so the line stays put).
    if (show_title) {
        ImVec2 p = ImGui::GetCursorScreenPos();
        ImGui::GetWindowDrawList()->AddText(title_font, title_font->FontSize,
                                            ImVec2(p.x, p.y + std::floor((frame_h - title_size.y) / 2)),
                                            ImGui::GetColorU32(palette().accent), title);
        ImGui::Dummy(ImVec2(title_size.x, frame_h));
        note_visible_text(title);
        ImGui::SameLine(0, 20.0f * scale_);
    }

    // File menu.
    if (toggle_button(file_label.c_str(), ImGui::IsPopupOpen("###file_popup"))) ImGui::OpenPopup("###file_popup");
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
    for (const Nav& n : kNav) {
        if (!shown(n)) continue;
        if (&n != kNav) ImGui::SameLine(0, 4.0f * scale_);
        if (toggle_button(nav_label(n).c_str(), view_ == n.view)) view_ = n.view;
    }

    // Right side: undo, redo, language, theme.
    ImGui::SameLine(0, 0);
    const float nav_end = ImGui::GetCursorPosX();
    float x = ImGui::GetWindowContentRegionMax().x - right;
    if (x > nav_end + 20.0f * scale_) ImGui::SameLine(x); else ImGui::SameLine(0, 20.0f * scale_);

    const bool can_undo = this->can_undo(), can_redo = this->can_redo();
    ImGui::BeginDisabled(!can_undo);
    if (ImGui::Button(undo_label.c_str())) undo();
    ImGui::EndDisabled();
    if (can_undo && ImGui::IsItemHovered(ImGuiHoveredFlags_DelayShort))
        ImGui::SetTooltip("%s (Ctrl+Z)", this->undo_label().c_str());
    ImGui::SameLine(0, gap);
    ImGui::BeginDisabled(!can_redo);
    if (ImGui::Button(redo_label.c_str())) redo();
    ImGui::EndDisabled();
    if (can_redo && ImGui::IsItemHovered(ImGuiHoveredFlags_DelayShort))
        ImGui::SetTooltip("%s (Ctrl+Y)", this->redo_label().c_str());

    ImGui::SameLine(0, 16.0f * scale_);
    if (toggle_button(en_label.c_str(), language() == Lang::En) && language() != Lang::En) set_language(Lang::En);
    if (compact && ImGui::IsItemHovered(ImGuiHoveredFlags_DelayShort)) ImGui::SetTooltip("English");
    ImGui::SameLine(0, 4.0f * scale_);
    if (toggle_button(fi_label.c_str(), language() == Lang::Fi) && language() != Lang::Fi) set_language(Lang::Fi);
    if (compact && ImGui::IsItemHovered(ImGuiHoveredFlags_DelayShort)) ImGui::SetTooltip("Suomi");
    ImGui::SameLine(0, 16.0f * scale_);
    if (ImGui::Button(theme_label.c_str())) set_theme(theme_ == Theme::Dark ? Theme::Light : Theme::Dark);
    if (compact && ImGui::IsItemHovered(ImGuiHoveredFlags_DelayShort)) ImGui::SetTooltip("%s", tr(theme_key));

    if (tight) ImGui::PopStyleVar();
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
    if (ImGui::MenuItem(label("file.undo", "file.undo").c_str(), "Ctrl+Z", false, can_undo())) undo();
    if (ImGui::MenuItem(label("file.redo", "file.redo").c_str(), "Ctrl+Y", false, can_redo())) redo();
    if (has_previous_database() && !team_ &&
        ImGui::MenuItem(label("file.restore_previous", "file.restore_previous").c_str()))
        (void)restore_previous_database();
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
    if (team_ && !team_->refusals().empty()) {  // the changes the server refused: what and why, on a click
        const std::string label = tr_format("team.refused_button", {std::to_string(team_->refusals().size())});
        ImGui::PushStyleColor(ImGuiCol_Text, palette().error);
        if (ImGui::SmallButton((label + "###status.refused").c_str())) team_->screens.open_refused_dialog = true;
        ImGui::PopStyleColor();
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("team.refused_button.tip"));
        note_visible_text(label);
        ImGui::SameLine();
    }
    if (team_) draw_refused_dialog(*this, *team_);
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
        // A message longer than the room before the right side is cut with "…", the whole of it on hover.
        const float room = wp.x + right_x - 12.0f * scale_ - ImGui::GetCursorScreenPos().x;
        if (message_is_error_) ImGui::PushStyleColor(ImGuiCol_Text, palette().error);
        fitted_text(message_, std::max(room, 1.0f));
        if (message_is_error_) ImGui::PopStyleColor();
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
    if (offer_request_) {
        ImGui::OpenPopup("###open_confirm");
        offer_request_ = false;
    }

    std::string title = std::string(tr("open_db_error.title")) + "###open_db_error";
    if (begin_dialog(title.c_str(), 440 * s)) {
        ImGui::PushTextWrapPos(0.0f);
        const std::string intro = open_error_name_.empty() ? std::string(tr("open_db_error.intro"))
                                                           : tr_format("open_db_error.intro_named", {open_error_name_});
        ImGui::TextUnformatted(intro.c_str());
        note_visible_text(intro);
        ImGui::Spacing();
        ImGui::PushStyleColor(ImGuiCol_Text, palette().error);
        ImGui::TextUnformatted(open_error_.message.c_str());
        ImGui::PopStyleColor();
        note_visible_text(open_error_.message);
        ImGui::Spacing();
        ImGui::TextUnformatted(tr("open_db_error.unchanged"));
        // What SQLite itself said (English, technical: integrity-check lines, the SQL that
        // differs) stays behind a toggle, closed at first: the sentence above is the answer.
        if (!open_error_.detail.empty()) {
            ImGui::Spacing();
            if (toggle_button(with_id("open_db_error.details", "open_db_error.details").c_str(), open_error_details_,
                              true))
                open_error_details_ = !open_error_details_;
            if (open_error_details_) {
                ImGui::BeginChild("###open_db_error.detail", ImVec2(0, 160 * s), true);
                ImGui::TextUnformatted(open_error_.detail.c_str());
                ImGui::EndChild();
                record_last_item("open_db_error.detail");
                note_visible_text(open_error_.detail);
            }
        }
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

    draw_open_confirmation();
    if (engine_) draw_card_dialog(*this, card_);
    if (engine_) draw_import_dialog(*this, import_);
}

// "Open "vastuu.sqlite"? It replaces ...": what is there now and what the file holds, in counts.
void App::draw_open_confirmation() {
    const float s = scale_;
    std::string title = std::string(tr("open_confirm.title")) + "###open_confirm";
    if (!begin_dialog(title.c_str(), 480 * s)) {
        if (!offer_.path.empty() && !ImGui::IsPopupOpen("###open_confirm") && !offer_request_) {
            std::remove(offer_.path.c_str());  // closed some other way: the copy goes
            offer_ = OpenOffer{};
        }
        return;
    }
    auto counts_line = [](const char* key, const Counts& c) {
        auto part = [](const char* k, long long n) { return tr_count(k, n, {std::to_string(n)}); };
        return tr_format(key, {part("status.customers", c.customers), part("status.employees", c.employees),
                               part("status.responsibilities", c.responsibilities)});
    };
    const Counts now = engine_ ? engine_->counts() : Counts{};
    const std::string lines[] = {tr_format("open_confirm.question", {offer_.name}),
                                 counts_line("open_confirm.now", now), counts_line("open_confirm.file", offer_.file)};
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(lines[0].c_str());
    ImGui::Spacing();
    ImGui::BulletText("%s", lines[1].c_str());
    ImGui::BulletText("%s", lines[2].c_str());
    for (const Error& w : offer_.warnings) {
        ImGui::Spacing();
        ImGui::PushStyleColor(ImGuiCol_Text, palette().error);
        ImGui::TextUnformatted(w.message.c_str());
        ImGui::PopStyleColor();
        note_visible_text(w.message);
    }
    ImGui::Spacing();
    ImGui::TextColored(palette().muted, "%s", tr("open_confirm.undo"));
    ImGui::PopTextWrapPos();
    for (const std::string& line : lines) note_visible_text(line);
    note_visible_text(tr("open_confirm.undo"));
    dialog_footer();
    ImGui::Spacing();
    bool close = false;
    if (primary_button((std::string(tr("open_confirm.ok")) + "###open_confirm.ok").c_str()) || dialog_submit_key()) {
        OpenOffer offer = std::move(offer_);
        offer_ = OpenOffer{};
        (void)open_database_file(offer.path, offer.name);
        close = true;
    }
    ImGui::SameLine();
    if (ImGui::Button((std::string(tr("dialog.cancel")) + "###open_confirm.cancel").c_str()) || dialog_cancel_key()) {
        std::remove(offer_.path.c_str());
        offer_ = OpenOffer{};
        close = true;
    }
    if (close) ImGui::CloseCurrentPopup();
    end_dialog();
}

}  // namespace vastuu::ui
