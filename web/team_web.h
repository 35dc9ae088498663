// The C++ half of team mode's browser glue (web/team_web.cpp; JavaScript in web/team.js).
#pragma once

namespace vastuu::ui {
class App;
class TeamTransport;
}

// The transport when vastuu-server serves this page (team mode), null for the static app.
vastuu::ui::TeamTransport* web_team_transport();
// The App that the JavaScript events go to (set once, after it is made).
void web_team_attach(vastuu::ui::App* app);
