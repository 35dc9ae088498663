// Salesperson visibility: which customers the signed-in user may see (engine.h explains the rule).
#include "engine.h"

#include <algorithm>

namespace vastuu {

bool Engine::VisibleCustomers::contains(int64_t id) const {
    return all || std::binary_search(ids.begin(), ids.end(), id);
}

void Engine::set_viewer(EmployeeId employee) { viewer_ = employee; }

const Engine::VisibleCustomers& Engine::visible_customers() {
    // Placeholder until the rule is implemented: everyone sees everything.
    visible_.all = true;
    visible_.ids.clear();
    return visible_;
}

}  // namespace vastuu
