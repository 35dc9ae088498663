// Salesperson visibility: which customers the signed-in user may see (engine.h states the rule).
// Every query and export asks visible_customers(); the set is computed once per revision, viewer
// and day, so a list redrawn every frame costs a binary search per row and no SQL.
#include <algorithm>

#include "core/engine.h"
#include "core/sql.h"
#include "sync/visible_rows.h"

namespace vastuu {

bool Engine::VisibleCustomers::contains(int64_t id) const {
    return all || std::binary_search(ids.begin(), ids.end(), id);
}

void Engine::set_viewer(EmployeeId employee) { viewer_ = employee; }

const Engine::VisibleCustomers& Engine::visible_customers() {
    if (!viewer_) {  // the administrator: nothing to compute
        visible_.all = true;
        visible_.ids.clear();
        visible_viewer_ = viewer_;
        visible_revision_ = revision_;
        return visible_;
    }
    // Today is part of the key: a responsibility ending tonight stops giving sight tomorrow.
    const std::string today = options_.today();
    if (!visible_.all && visible_revision_ == revision_ && visible_viewer_ == viewer_ && visible_today_ == today)
        return visible_;

    // The rule itself lives in sync/visible_rows.cpp, shared with the team server's snapshot and stream.
    visible_.all = false;
    visible_.ids = visible_customer_ids(db_, viewer_, today);
    // A failed statement leaves the set empty: showing nothing is the safe side of an error.
    visible_revision_ = revision_;
    visible_viewer_ = viewer_;
    visible_today_ = today;
    return visible_;
}

}  // namespace vastuu
