// Typed ids for every domain entity: a CustomerId cannot be passed where an EmployeeId is wanted.
// An id is the SQLite rowid of its row; 0 means "none".
#pragma once
#include <cstdint>
#include <functional>

namespace vastuu {

template <class Tag>
struct Id {
    int64_t value = 0;

    constexpr Id() = default;
    constexpr explicit Id(int64_t v) : value(v) {}
    constexpr explicit operator bool() const { return value != 0; }
    friend constexpr bool operator==(Id a, Id b) { return a.value == b.value; }
    friend constexpr bool operator!=(Id a, Id b) { return a.value != b.value; }
    friend constexpr bool operator<(Id a, Id b) { return a.value < b.value; }
};

using CustomerId = Id<struct CustomerTag>;
using ProjectId = Id<struct ProjectTag>;
using EmployeeId = Id<struct EmployeeTag>;
using TeamId = Id<struct TeamTag>;
using RoleId = Id<struct RoleTag>;
using CustomerGroupId = Id<struct CustomerGroupTag>;
using SpecialGroupId = Id<struct SpecialGroupTag>;
using ResponsibilityId = Id<struct ResponsibilityTag>;
using ChangeId = Id<struct ChangeTag>;

}  // namespace vastuu

template <class Tag>
struct std::hash<vastuu::Id<Tag>> {
    size_t operator()(vastuu::Id<Tag> id) const noexcept { return std::hash<int64_t>()(id.value); }
};
