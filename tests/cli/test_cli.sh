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

# Import and export (JSON and CSV) through the same engine code as the app.
check "export writes the dataset as JSON, and import into an empty database gives it back" \
    bash -c "'$VASTUU' export '$db' '$WORK/all.json' && '$VASTUU' demo '$WORK/empty.sqlite' >/dev/null && \
             sqlite3 '$WORK/empty.sqlite' 'DELETE FROM responsibility; DELETE FROM special_group_member; DELETE FROM project; DELETE FROM customer; DELETE FROM customer_group_salesperson; DELETE FROM customer_group; DELETE FROM special_group; DELETE FROM employee; DELETE FROM role; DELETE FROM team;' && \
             '$VASTUU' import '$WORK/empty.sqlite' '$WORK/all.json' > '$WORK/report.json' && grep -q '\"applied\": true' '$WORK/report.json' && \
             '$VASTUU' export '$WORK/empty.sqlite' '$WORK/again.json' && cmp '$WORK/all.json' '$WORK/again.json'"
check "importing a database's own export creates and updates nothing" \
    bash -c "'$VASTUU' import '$db' '$WORK/all.json' > '$WORK/report.json' && grep -q '\"created\": 0' '$WORK/report.json' && grep -q '\"updated\": 0' '$WORK/report.json'"
printf '\xef\xbb\xbfAsiakasnumero;Nimi\r\n77001;Äijälä Testi Oy\r\n77002;=HYPERLINK("x")\r\n' > "$WORK/new.csv"
check "import --dry-run previews a CSV and writes nothing" \
    bash -c "'$VASTUU' import '$db' '$WORK/new.csv' --dry-run > '$WORK/report.json' && grep -q '\"created\": 2' '$WORK/report.json' && \
             [ \"\$(sqlite3 '$db' 'SELECT count(*) FROM customer WHERE number >= 77001')\" = 0 ]"
check "import of a CSV creates the customers with Finnish letters intact" \
    bash -c "'$VASTUU' import '$db' '$WORK/new.csv' --kind customers > '$WORK/report.json' && \
             [ \"\$(sqlite3 '$db' \"SELECT name FROM customer WHERE number = 77001\")\" = 'Äijälä Testi Oy' ]"
check "CSV export guards a formula-looking name with an apostrophe" \
    bash -c "'$VASTUU' export '$db' '$WORK/customers.csv' --kind customers && grep -q \"^77002;\\\"'=HYPERLINK\" '$WORK/customers.csv'"
check "CSV export of responsibilities and employees re-imports with nothing to change" \
    bash -c "'$VASTUU' export '$db' '$WORK/r.csv' --kind responsibilities && '$VASTUU' export '$db' '$WORK/e.csv' --kind employees && \
             '$VASTUU' import '$db' '$WORK/r.csv' --dry-run | grep -q '\"created\": 0' && '$VASTUU' import '$db' '$WORK/e.csv' --dry-run | grep -q '\"updated\": 0'"
printf 'numero;nimi\n88001;Hyvä Oy\n88001;Toinen Oy\n88003;\n' > "$WORK/bad.csv"
before=$(sqlite3 "$db" 'SELECT count(*), total(number) FROM customer')
check "a CSV with bad rows is refused naming each line, exit 1, nothing written" \
    bash -c "! '$VASTUU' import '$db' '$WORK/bad.csv' > '$WORK/out.json' 2>'$WORK/err' && grep -q 'lines 2 and 3' '$WORK/err' && grep -q 'line 4' '$WORK/err' && \
             [ \"\$(sqlite3 '$db' 'SELECT count(*), total(number) FROM customer')\" = '$before' ]"
printf '{"format": "vastuu-dataset", "version": 1, "tables": {' > "$WORK/broken.json"
check "invalid JSON is refused with import.invalid_json" \
    bash -c "! '$VASTUU' import '$db' '$WORK/broken.json' 2>'$WORK/err' && grep -q 'import.invalid_json' '$WORK/err'"

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
