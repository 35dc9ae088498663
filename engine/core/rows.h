// Reading the engine's row types from a statement, one reader each, so that every query that
// lists customers, employees or change-log entries fills them the same way. The statement's
// columns come in the order each reader names.
#pragma once
#include "core/engine.h"
#include "core/sql.h"

namespace vastuu {

// id, number, name, coalesce(group_id, 0), archived
Customer read_customer(Stmt& st);
// id, name, email, seller_info, coalesce(team_id, 0), archived
Employee read_employee(Stmt& st);
// id, group_id, at, who, command, entity, entity_id, before, after (before/after '' for none)
ChangeLogEntry read_change_entry(Stmt& st);

}  // namespace vastuu
