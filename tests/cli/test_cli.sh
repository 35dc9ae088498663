#!/usr/bin/env bash
# End-to-end tests of the `vastuu` command-line tool on real database files, checked with the
# sqlite3 command-line shell. Usage: test_cli.sh PATH_TO_VASTUU
set -u
VASTUU=$1
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
passed=0; failed=0
check() {  # name, then a command that must succeed
    local name=$1; shift
    if "$@" >"$WORK/out" 2>&1; then passed=$((passed + 1)); echo "ok   $name"
    else failed=$((failed + 1)); echo "FAIL $name"; sed 's/^/     /' "$WORK/out"; fi
}

db="$WORK/demo.sqlite"
check "demo creates a database file" "$VASTUU" demo "$db"
check "the demo database passes check" "$VASTUU" check "$db"
check "the sqlite3 shell opens it and sees 300 customers" \
    bash -c "[ \"\$(sqlite3 '$db' 'SELECT count(*) FROM customer')\" = 300 ]"
check "stats counts 40 employees" bash -c "'$VASTUU' stats '$db' | grep -q '\"employees\": 40'"
check "export-json writes a versioned document with Finnish letters intact" \
    bash -c "'$VASTUU' export-json '$db' '$WORK/d.json' && grep -q '\"format\": \"vastuu-dataset\"' '$WORK/d.json' && grep -q '[äöå]' '$WORK/d.json'"
check "a command creates a customer that sqlite3 then sees" \
    bash -c "'$VASTUU' command '$db' '{\"cmd\":\"customer.create\",\"name\":\"Äijälä Oy\"}' && [ \"\$(sqlite3 '$db' \"SELECT count(*) FROM customer WHERE name = 'Äijälä Oy'\")\" = 1 ]"
check "a refused command names its error code and exits 1" \
    bash -c "! '$VASTUU' command '$db' '{\"cmd\":\"customer.create\",\"name\":\"\"}' 2>'$WORK/err' && grep -q 'text.empty' '$WORK/err'"
check "export-xlsx writes a zip with a worksheet" \
    bash -c "'$VASTUU' export-xlsx '$db' '$WORK/c.xlsx' && unzip -l '$WORK/c.xlsx' | grep -q 'xl/worksheets/sheet1.xml'"

printf 'not a database at all' > "$WORK/text.sqlite"
check "check refuses a text file with db.not_a_database" \
    bash -c "! '$VASTUU' check '$WORK/text.sqlite' 2>'$WORK/err' && grep -q 'db.not_a_database' '$WORK/err'"
head -c 8192 "$db" > "$WORK/truncated.sqlite"
check "check refuses a truncated database" bash -c "! '$VASTUU' check '$WORK/truncated.sqlite'"
sqlite3 "$WORK/foreign.sqlite" 'CREATE TABLE t(x); PRAGMA user_version = 1;'
check "check refuses a foreign schema with db.foreign_schema" \
    bash -c "! '$VASTUU' check '$WORK/foreign.sqlite' 2>'$WORK/err' && grep -q 'db.foreign_schema' '$WORK/err'"
cp "$db" "$WORK/newer.sqlite" && sqlite3 "$WORK/newer.sqlite" 'PRAGMA user_version = 99;'
check "check refuses a newer schema with db.newer_version" \
    bash -c "! '$VASTUU' check '$WORK/newer.sqlite' 2>'$WORK/err' && grep -q 'db.newer_version' '$WORK/err'"
check "a missing file is refused, not created" \
    bash -c "! '$VASTUU' stats '$WORK/missing.sqlite' && [ ! -e '$WORK/missing.sqlite' ]"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
