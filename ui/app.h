// The application: owns the engine and the UI state, draws the top bar, the current view, the
// status line and the app-wide dialogs, and is the one path through which the UI and the automation
// API change data (run_command). It knows nothing about the browser: see platform.h.
//
// Per frame the platform calls, in order: ImGui::NewFrame(), App::draw(), ImGui::Render().
#pragma once
#include <cstdint>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "core/engine.h"
#include "core/i18n.h"
#include "platform.h"
#include "team_session.h"
#include "theme.h"
#include "view_changes.h"
#include "view_matrix.h"
#include "view_persons.h"
#include "views.h"

namespace vastuu::ui {

struct AppOptions {
    std::string database_path = "/data/vastuu.sqlite";  // the database file; ":memory:" for tests
    float scale = 1.0f;                                  // device pixels per CSS pixel
    EngineOptions engine;                                // clock and actor (tests fix the clock)
    TeamTransport* team = nullptr;  // set: team mode, served by vastuu-server (ui/team_session.h)
};

enum class View { Customers, Employees, Matrix, Groups, SpecialGroups, Persons, Changes };

// A card the user asked to open (a click on a customer's or a project's name anywhere); the card
// dialogs (dialog_card.cpp) take it on their next draw.
struct CardRequest {
    CustomerId customer;  // set: open the customer card
    ProjectId project;    // set: open the project card
};

class App {
public:
    App(Platform& platform, AppOptions options = {});
    ~App();
    App(const App&) = delete;
    App& operator=(const App&) = delete;

    // Opens the database; an absent or empty one gets the demo data. Reads the saved language and
    // theme. On failure the app still draws, showing the error and offering a reset.
    Status start();

    // Draws one frame of the whole UI (between ImGui::NewFrame and ImGui::Render).
    void draw();

    // Runs one engine command: the only way the UI and the automation API change data. On success
    // schedules a save and a redraw; on failure remembers the error (last_error()).
    Result<nlohmann::json> run_command(const nlohmann::json& command);

    // The platform's answer to Platform::ask_open_database(): the file the user picked, copied to
    // `path`, named `name`. Checks it; a bad file is refused with an error dialog naming `name` and
    // the current data stays untouched; a good one waits for the user's yes in a dialog that says
    // what is replaced by what (counts), then open_database_file().
    Status offer_database_file(const std::string& path, const std::string& name);
    // Replaces the database with the file at `path` (the confirmed offer; the automation API). The
    // data it replaces is kept: Undo (or File › Restore previous data) brings it back.
    Status open_database_file(const std::string& path, const std::string& name = "");
    // Puts back the data that the last Open database or Reset to demo data replaced.
    Status restore_previous_database();
    bool has_previous_database() const { return !previous_database_.empty(); }

    // The platform's answer to Platform::ask_open_import(): the picked file's name and bytes. Opens
    // the import dialog with a preview; nothing is written until the user applies it.
    void open_import_file(const std::string& name, std::string bytes);

    // Replaces the database with fresh demo data (after the user confirmed).
    Status reset_to_demo();

    // Closes the engine and opens the database file again: the platform replaced the file with what
    // another tab saved (read-only tabs follow the writer) or is taking over as the writer.
    Status reload_database();

    Engine* engine() { return engine_.get(); }
    const EngineOptions& engine_options() const { return options_.engine; }

    // Team mode (ui/team_session.h); null when the app is served as static files. The session
    // replaces the database with each downloaded snapshot (null: signed out), and reports rows the
    // server sent, which change the database outside a command (the views reload).
    TeamSession* team() { return team_.get(); }
    void replace_engine(std::unique_ptr<Engine> engine);
    void note_rows_applied();
    Platform& platform() { return platform_; }

    // Bumped whenever the engine is replaced (open, reset): with Engine::revision() it keys caches.
    uint64_t generation() const { return generation_; }
    std::string cache_key() const;

    View view() const { return view_; }
    void set_view(View view) { view_ = view; }

    // The app's place as a URL fragment, "#/<view>[/customer/<id> | /project/<id>][?<filters>]": the
    // view, its main filters and an open card (app_route.cpp). open_route() goes to such a place (a
    // reload, a pasted link, Back and Forward); what it does not know it ignores.
    std::string route() const;
    void open_route(const std::string& route);

    void set_language(Lang lang);
    void set_theme(Theme theme);
    Theme theme() const { return theme_; }
    // Applies a new device pixel ratio to the style. Fonts belong to the platform (they need a
    // texture): it rebuilds them with load_fonts() and this scale.
    void set_scale(float scale);
    float scale() const { return scale_; }

    // The last error the user was shown (command refused, file refused, save failed).
    const Error& last_error() const { return last_error_; }
    void show_error(const Error& error);
    void show_message(std::string message);
    const std::string& message() const { return message_; }  // the status line's latest note, whole

    // Counts and state for the automation API's stats().
    nlohmann::json stats();

    // Downloads: the database file and the customers workbook of the customers view's filter.
    void download_database();
    void export_customers();
    // Downloads the whole dataset as a JSON document (dataset_json.h), the format import reads.
    void export_dataset();
    // Offers an xlsx workbook under a name in the UI's language: the catalogue entry `name_key`
    // ("file.customers" -> "asiakkaat.xlsx"), its {0} taking `subject` with the characters file
    // systems refuse replaced by "-".
    void download_xlsx(const char* name_key, const std::vector<uint8_t>& bytes, const std::string& subject = "");

    // Undo steps back through the engine's commands, and past the first of them to the data an Open
    // database or Reset to demo data replaced.
    bool can_undo() const;
    bool can_redo() const;
    std::string undo_label() const;  // what Undo would take back, in the UI's language
    std::string redo_label() const;  // what Redo would bring back
    void undo();
    void redo();

    // Opens the customer card or the project card on the next frame, from any view.
    void open_customer_card(CustomerId id);
    void open_project_card(ProjectId id);
    // The pending card request, if any, handed over once (the card dialogs call this).
    bool take_card_request(CardRequest& out);

private:
    void draw_top_bar(float height);
    void draw_body(float y, float height);
    void draw_status_line(float height);
    float draw_banner(float y);  // read-only tab or storage trouble; returns its height (0: none)
    void draw_file_menu();
    void draw_app_dialogs();
    void handle_shortcuts();
    void after_change();

    Platform& platform_;
    AppOptions options_;
    std::unique_ptr<Engine> engine_;
    std::unique_ptr<TeamSession> team_;
    Error open_failure_;  // why start() could not open the database
    uint64_t generation_ = 1;
    View view_ = View::Customers;
    Theme theme_ = Theme::Light;
    float scale_ = 1.0f;

    CustomersView customers_;
    MatrixView matrix_;
    EmployeesView employees_;
    GroupsView groups_;
    SpecialGroupsView special_groups_;
    CardDialog card_;
    SignedInAs signed_in_;
    PersonsView persons_;
    ChangesView changes_;
    ImportDialog import_;

    Error last_error_;
    std::string message_;  // the status line's latest note ("Customer added", an error, …)
    bool message_is_error_ = false;
    Error open_error_;
    std::string open_error_name_;  // the refused file's name as the user picked it ("" if unknown)
    bool open_error_request_ = false;
    bool open_error_details_ = false;  // the dialog's Details (the error's detail) shown; closed each time
    bool reset_request_ = false;
    // A checked database file waiting for the user's yes: where it is, its name, what it holds.
    struct OpenOffer {
        std::string path, name;
        Counts file;
        std::vector<Error> warnings;  // the check's warnings ("db.wal_missing"), shown in the question
    };
    OpenOffer offer_;
    bool offer_request_ = false;
    // What the last Open database or Reset to demo data replaced, for undo; and what that was.
    std::vector<uint8_t> previous_database_;
    std::string previous_action_;  // catalogue key: "undo.open_db" or "undo.reset_demo"
    // Keeps the current database's bytes as the previous data before `action_key` replaces it.
    void keep_previous_database(const char* action_key);
    void draw_open_confirmation();
    // The refusal of replacing the database in a read-only tab or in team mode (shown); ok otherwise.
    Status may_replace_database();
    // A picked database file refused: its copy at `path` removed, `error` shown in the dialog that
    // names the file as the user picked it (`name`).
    Error refuse_picked_file(const std::string& path, const std::string& name, Error error);
    CardRequest card_request_;
    bool card_request_pending_ = false;
    Counts counts_;          // cached for the status line, keyed by counts_key_
    std::string counts_key_;
};

}  // namespace vastuu::ui
