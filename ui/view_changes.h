// The administrator's Changes view: every change-log entry, newest first, in one table (only the
// visible rows are drawn), filtered by person, days, customer and text, with an Excel export of
// exactly what is listed. UI state only; the rows come from the engine's ChangeHistory model.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/engine.h"
#include "models/change_history.h"

namespace vastuu::ui {

class App;

struct ChangesView {
    // Filter bar (combinable); empty texts and a zero id mean "any".
    std::string who;           // one of the model's people()
    char from[24] = {};        // a day as typed ("31.12.2026" or "2026-12-31") or ""; any other text
    char to[24] = {};          // is flagged and restricts nothing
    CustomerId customer;
    std::string customer_name;  // shown in the customer picker
    char search[128] = {};
    char who_search[96] = {};       // the person picker's type-to-filter text
    char customer_search[96] = {};  // the customer picker's
    std::vector<Customer> customer_choices;  // matches of customer_search, at most 50
    std::string choices_key;

    // The model and what it was last brought up to date with.
    ChangeHistory model;
    bool loaded = false;
    uint64_t generation = 0;
    uint64_t revision = 0;
    EmployeeId viewer;
    std::string filter_key;
    Error load_error;
};

// Whether the Changes view is offered: to the administrator (served as static files, the user is
// the administrator of their own data; in team mode, administrator accounts only).
bool changes_view_allowed(App& app);

// Draws the whole view (filter bar, toolbar, table) into the current window.
void draw_changes_view(App& app, ChangesView& view);

// Brings view.model up to date with the engine and the filter (draw_changes_view calls it; tests
// call it to look at the model without drawing).
void sync_changes_model(App& app, ChangesView& view);
// The filter the controls describe; days typed in the user's notation are read against `today`.
ChangeHistoryFilter changes_filter(const ChangesView& view, const std::string& today);

}  // namespace vastuu::ui
