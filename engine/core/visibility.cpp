// Salesperson visibility: which customers the signed-in user may see (engine.h states the rule).
// Every query and export asks visible_customers(); the set is computed once per revision, viewer
// and day, so a list redrawn every frame costs a binary search per row and no SQL.
#include <algorithm>

#include "core/engine.h"
#include "core/sql.h"

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

    // Maintenance reminder: tests/engine/test_visibility.cpp computes the same set independently;
    // a change of the rule changes both (and engine.h's description).
    Stmt st(db_,
            "SELECT c.id FROM customer c JOIN customer_group_salesperson s ON s.group_id = c.group_id"
            " WHERE s.employee_id = ?1"
            " UNION SELECT customer_id FROM responsibility WHERE employee_id = ?1 AND customer_id IS NOT NULL"
            " AND (valid_to IS NULL OR valid_to >= ?2)"
            " UNION SELECT p.customer_id FROM responsibility r JOIN project p ON p.id = r.project_id"
            " WHERE r.employee_id = ?1 AND (r.valid_to IS NULL OR r.valid_to >= ?2)"
            " ORDER BY 1");
    st.bind(1, viewer_.value).bind(2, today);
    visible_.all = false;
    visible_.ids.clear();
    while (st.row()) visible_.ids.push_back(st.int64(0));
    // A failed statement leaves the set empty: showing nothing is the safe side of an error.
    visible_revision_ = revision_;
    visible_viewer_ = viewer_;
    visible_today_ = today;
    return visible_;
}

}  // namespace vastuu
