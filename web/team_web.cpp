// Team mode's browser glue, C++ side: the TeamTransport the App uses (requests go to web/team.js)
// and the exports through which team.js hands back its answers and the live stream's messages.
#include "team_web.h"

#include <emscripten.h>

#include <cstdlib>
#include <string>

#include "app.h"

EM_JS(bool, js_team_active, (), { return !!(Module.vastuuTeam && Module.vastuuTeam.active); });
EM_JS(void, js_team_request, (const char* json), { Module.vastuuTeam.request(JSON.parse(UTF8ToString(json))); });
EM_JS(char*, js_team_new_command_id, (), {
    var id = Module.vastuuTeam.newCommandId();
    var size = lengthBytesUTF8(id) + 1;
    var ptr = _malloc(size);
    stringToUTF8(id, ptr, size);
    return ptr;
});

namespace {

class WebTeamTransport final : public vastuu::ui::TeamTransport {
public:
    void request(const nlohmann::json& r) override { js_team_request(r.dump().c_str()); }
    std::string new_command_id() override {
        char* id = js_team_new_command_id();
        std::string s(id);
        std::free(id);
        return s;
    }
};

WebTeamTransport g_transport;
vastuu::ui::App* g_app = nullptr;

}  // namespace

vastuu::ui::TeamTransport* web_team_transport() { return js_team_active() ? &g_transport : nullptr; }
void web_team_attach(vastuu::ui::App* app) { g_app = app; }

extern "C" {

// One event from web/team.js, as JSON (the list is in ui/team_session.h).
EMSCRIPTEN_KEEPALIVE void vastuu_team_event(const char* json_text) {
    if (!g_app || !g_app->team() || !json_text) return;
    nlohmann::json event = nlohmann::json::parse(json_text, nullptr, false);
    if (!event.is_discarded()) g_app->team()->handle_event(event);
}

// Commands not yet settled by the server (web/team.js: waitForSave, the save state).
EMSCRIPTEN_KEEPALIVE int vastuu_team_pending() {
    return g_app && g_app->team() ? static_cast<int>(g_app->team()->pending_count()) : 0;
}

}  // extern "C"
