// What the UI needs from the platform it runs on (the browser in web/, a fake in tests/ui/): file
// download and upload, redraw requests, small settings and the state of background saves. The UI
// never talks to the browser directly; another platform would implement this and nothing else.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace vastuu::ui {

// Where the database's changes stand with respect to durable storage.
enum class SaveState {
    Saved,       // everything committed is in durable storage
    Saving,      // a save is scheduled or running
    Error,       // the last save failed: the data is only in memory
    MemoryOnly,  // no durable storage at all (e.g. IndexedDB unavailable): nothing is saved
};

class Platform {
public:
    virtual ~Platform() = default;

    // Offers `bytes` to the user as a file download named `name` with MIME type `mime`.
    virtual void download(const std::string& name, const std::string& mime,
                          const std::vector<uint8_t>& bytes) = 0;

    // Asks the user to pick a database file. The answer arrives later, asynchronously, as a call to
    // App::open_database_file(path) with the file copied to a local path (nothing if cancelled).
    virtual void ask_open_database() = 0;

    // Asks the user to pick a file to import (a JSON dataset or a CSV file). The answer arrives later
    // as a call to App::open_import_file(name, bytes) (nothing if cancelled). Not pure: a platform
    // without a file picker (the benchmarks) simply never answers.
    virtual void ask_open_import() {}

    // The database changed (a command committed, or it was replaced): schedule a durable save.
    virtual void database_changed() = 0;
    virtual SaveState save_state() const = 0;

    // True while another tab of the same browser is the writer: this one shows the data read-only
    // (App::run_command refuses every command with app.read_only) and follows the writer's saves.
    virtual bool read_only() const { return false; }
    // Asks the writer tab to finish its save and hand writing over to this tab (the banner's
    // "Take over"); read_only() turns false once it has.
    virtual void take_over() {}

    // Asks for at least one more frame soon (the platform may draw only on demand).
    virtual void request_redraw() = 0;

    // Small persistent settings (language, theme): "" when never set.
    virtual std::string load_setting(const std::string& key) = 0;
    virtual void save_setting(const std::string& key, const std::string& value) = 0;

    // No clock here: "today" is the engine's (Engine::today(), EngineOptions), the one clock that
    // views, exports and file names all use.
};

}  // namespace vastuu::ui
