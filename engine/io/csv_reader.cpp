// The CSV reader (csv_reader.h): header names in English and Finnish, and rows read into a plan.
//
// Index of this file:
// [SECTION] Header names (English and Finnish)
// [SECTION] Reading rows into a plan
#include "io/csv_reader.h"

#include <algorithm>
#include <unordered_map>

#include "commands/command_context.h"  // looks_like_email()
#include "core/dates.h"
#include "core/field_limits.h"
#include "core/i18n.h"
#include "core/text.h"
#include "io/csv_codec.h"

namespace vastuu {

// ---------------------------------------------------------------------------------------------
// [SECTION] Header names (English and Finnish)
// ---------------------------------------------------------------------------------------------

namespace {

enum class Column {
    Unknown, Ignored,
    Number, Name, Group, Archived,                  // customers (Name, Archived also employees)
    Email, Team, SellerInfo,                        // employees
    Customer, Project, Employee, Role, From, To,    // responsibilities
};

// "Asiakkaan nimi" -> "asiakkaannimi": lower case, no accents, no spaces or punctuation.
std::string normalise_header(const std::string& h) {
    std::string folded = fold_for_search(trim(h));
    std::string out;
    for (char c : folded)
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) out += c;
    return out;
}

struct Synonym {
    const char* name;  // normalised
    Column column;
};

// Maintenance reminder: the headers export_csv() writes (csv_export.cpp, the csv.* keys of engine.inc)
// must be here; the round-trip test of every kind (test_csv_import.cpp) reads each export back.
const Synonym kCustomerHeaders[] = {
    {"number", Column::Number}, {"customernumber", Column::Number}, {"customerno", Column::Number},
    {"no", Column::Number}, {"nr", Column::Number}, {"numero", Column::Number}, {"nro", Column::Number},
    {"asiakasnumero", Column::Number}, {"asiakasnro", Column::Number},
    {"name", Column::Name}, {"customername", Column::Name}, {"customer", Column::Name}, {"nimi", Column::Name},
    {"asiakas", Column::Name}, {"asiakkaannimi", Column::Name}, {"asiakasnimi", Column::Name},
    {"group", Column::Group}, {"customergroup", Column::Group}, {"ryhma", Column::Group},
    {"asiakasryhma", Column::Group},
    {"archived", Column::Archived}, {"arkistoitu", Column::Archived}, {"arkistoity", Column::Archived},
};
const Synonym kEmployeeHeaders[] = {
    {"name", Column::Name}, {"employeename", Column::Name}, {"employee", Column::Name}, {"nimi", Column::Name},
    {"tyontekija", Column::Name}, {"tyontekijannimi", Column::Name},
    {"email", Column::Email}, {"emailaddress", Column::Email}, {"mail", Column::Email},
    {"sahkoposti", Column::Email}, {"sahkopostiosoite", Column::Email}, {"sposti", Column::Email},
    {"team", Column::Team}, {"tiimi", Column::Team},
    {"sellerinfo", Column::SellerInfo}, {"seller", Column::SellerInfo}, {"myyjatiedot", Column::SellerInfo},
    {"myyjatieto", Column::SellerInfo}, {"myyja", Column::SellerInfo},
    {"archived", Column::Archived}, {"arkistoitu", Column::Archived}, {"arkistoity", Column::Archived},
};
const Synonym kResponsibilityHeaders[] = {
    {"customernumber", Column::Customer}, {"customer", Column::Customer}, {"customerno", Column::Customer},
    {"asiakasnumero", Column::Customer}, {"asiakas", Column::Customer}, {"asiakasnro", Column::Customer},
    {"project", Column::Project}, {"projectnumber", Column::Project}, {"projekti", Column::Project},
    {"projektinumero", Column::Project},
    {"employeeemail", Column::Employee}, {"email", Column::Employee}, {"employee", Column::Employee},
    {"sahkoposti", Column::Employee}, {"tyontekija", Column::Employee}, {"tyontekijansahkoposti", Column::Employee},
    {"role", Column::Role}, {"rooli", Column::Role},
    {"validfrom", Column::From}, {"from", Column::From}, {"start", Column::From}, {"alkaen", Column::From},
    {"alkaa", Column::From}, {"alkupaiva", Column::From}, {"voimassaalkaen", Column::From},
    {"validto", Column::To}, {"to", Column::To}, {"end", Column::To}, {"paattyy", Column::To},
    {"asti", Column::To}, {"loppupaiva", Column::To}, {"voimassaasti", Column::To},
    // Written by the export for reading; the numbers and e-mails are what the import matches by.
    {"customername", Column::Ignored}, {"asiakkaannimi", Column::Ignored}, {"employeename", Column::Ignored},
    {"tyontekijannimi", Column::Ignored}, {"projectname", Column::Ignored}, {"projektinnimi", Column::Ignored},
};

template <size_t N>
Column find_column(const Synonym (&table)[N], const std::string& normalised) {
    for (const Synonym& s : table)
        if (normalised == s.name) return s.column;
    return Column::Unknown;
}

Column header_column(ImportKind kind, const std::string& header) {
    const std::string h = normalise_header(header);
    switch (kind) {
        case ImportKind::Customers: return find_column(kCustomerHeaders, h);
        case ImportKind::Employees: return find_column(kEmployeeHeaders, h);
        case ImportKind::Responsibilities: return find_column(kResponsibilityHeaders, h);
        case ImportKind::Dataset: break;
    }
    return Column::Unknown;
}

// The column's name in the user's language, for messages.
const char* column_label(Column c) {
    switch (c) {
        case Column::Number: return tr("csv.customers.number");
        case Column::Name: return tr("csv.customers.name");
        case Column::Group: return tr("csv.customers.group");
        case Column::Archived: return tr("csv.customers.archived");
        case Column::Email: return tr("csv.employees.email");
        case Column::Team: return tr("csv.employees.team");
        case Column::SellerInfo: return tr("csv.employees.seller_info");
        case Column::Customer: return tr("csv.responsibilities.customer");
        case Column::Project: return tr("csv.responsibilities.project");
        case Column::Employee: return tr("csv.responsibilities.employee");
        case Column::Role: return tr("csv.responsibilities.role");
        case Column::From: return tr("csv.responsibilities.from");
        case Column::To: return tr("csv.responsibilities.to");
        default: return "?";
    }
}

Result<std::vector<CsvRecord>> read_records(std::string_view bytes, DecodedCsv& decoded) {
    auto read = decode_csv_bytes(bytes);
    if (!read.ok()) return read.error();
    decoded = std::move(read.value());
    const std::string& text = decoded.text;
    auto records = split_csv(text, sniff_csv_delimiter(text));
    if (!records.ok()) return records.error();
    if (records->empty()) return Error{"csv.empty", tr("error.csv.empty"), ""};
    return records;
}

// What a few of the lines read as Windows-1252 became: '"Sähkö Oy" (line 3), "Mäkelä" (line 8)',
// the first cell of each that is not ASCII, so that the user can see whether the guess was right.
std::string decoded_examples(const std::vector<CsvRecord>& records, const std::vector<int64_t>& lines) {
    std::string out;
    int shown = 0;
    for (const CsvRecord& record : records) {
        if (shown == 3 || lines.empty() || record.line > lines.back()) break;  // past the lines kept
        if (std::find(lines.begin(), lines.end(), record.line) == lines.end()) continue;
        for (const std::string& field : record.fields) {
            if (std::all_of(field.begin(), field.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; }))
                continue;
            out += (shown ? ", " : "") + tr_format("warning.csv.example", {truncate_chars(trim(field), 40), std::to_string(record.line)});
            ++shown;
            break;
        }
    }
    return out;
}

}  // namespace

Result<ImportKind> detect_csv_kind(std::string_view bytes) {
    // Only the header row matters: the first record, whole (the file's encoding is judged when it is
    // read; a header that is not ASCII decodes here as what it is on its own).
    auto decoded = decode_csv_bytes(first_csv_record(bytes));
    if (!decoded.ok()) return decoded.error();
    const std::string& text = decoded->text;
    auto records = split_csv(text, sniff_csv_delimiter(text));
    std::vector<std::string> header;
    if (records.ok() && !records->empty()) header = records->front().fields;
    bool customer = false, employee = false, employee_only = false, customer_only = false;
    for (const std::string& h : header) {
        Column r = header_column(ImportKind::Responsibilities, h);
        if (r == Column::Customer) customer = true;
        if (r == Column::Employee) employee = true;
        Column e = header_column(ImportKind::Employees, h);
        if (e == Column::Email || e == Column::Team || e == Column::SellerInfo) employee_only = true;
        Column c = header_column(ImportKind::Customers, h);
        if (c == Column::Name || c == Column::Number || c == Column::Group) customer_only = true;
    }
    if (customer && employee) return ImportKind::Responsibilities;
    if (employee_only) return ImportKind::Employees;
    if (customer_only) return ImportKind::Customers;
    return Error{"csv.unknown_kind", tr("error.csv.unknown_kind"), ""};
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Reading rows into a plan
// ---------------------------------------------------------------------------------------------

namespace {

// One data row being read: its cells by column, and the issues it raises (with its line).
class CsvRow {
public:
    CsvRow(const CsvRecord& record, const std::vector<Column>& columns, ImportPlan& plan)
        : record_(record), columns_(columns), plan_(plan), where_(tr_format("import.line", {std::to_string(record.line)})) {}

    const std::string& where() const { return where_; }
    int64_t line() const { return record_.line; }
    bool ok() const { return ok_; }

    bool has(Column c) const { return std::find(columns_.begin(), columns_.end(), c) != columns_.end(); }

    // The cell under column c, "" when the row is short. A formula guard the export added ("'=x") is removed.
    std::string cell(Column c) const {
        for (size_t i = 0; i < columns_.size() && i < record_.fields.size(); ++i)
            if (columns_[i] == c) return without_formula_guard(record_.fields[i]);
        return std::string();
    }

    void issue(Column c, const std::string& code, const std::string& message) {
        ok_ = false;
        std::string where = c == Column::Unknown ? where_ : where_ + ", " + column_label(c);
        add_issue(plan_.errors, record_.line, c == Column::Unknown ? "" : column_label(c), code, where, message);
    }

    bool text(Column c, size_t max_chars, bool required, bool multiline, std::string& out) {
        std::string v = cell(c);
        Status valid = validate_text(v, column_label(c), max_chars, required, multiline);
        if (!valid.ok()) {
            issue(c, valid.error().code, valid.error().message);
            return false;
        }
        out = trim(v);
        return true;
    }

    // A positive whole number ("" gives 0 when not required).
    bool number(Column c, bool required, int64_t& out) {
        out = 0;
        std::string v = trim(cell(c));
        v.erase(std::remove(v.begin(), v.end(), ' '), v.end());
        if (v.empty()) {
            if (required) issue(c, "customer.bad_number", tr("error.customer.bad_number"));
            return !required;
        }
        bool digits = v.size() <= 18 && std::all_of(v.begin(), v.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
        if (!digits || !check_customer_number(out = std::stoll(v))) {
            issue(c, "customer.bad_number", tr_format("error.csv.bad_number", {v.substr(0, 40)}));
            out = 0;
            return false;
        }
        return true;
    }

    bool flag(Column c, bool& out) {
        std::string v = fold_for_search(trim(cell(c)));
        out = false;
        if (v.empty() || v == "0" || v == "no" || v == "ei" || v == "false" || v == "epatosi") return true;
        if (v == "1" || v == "x" || v == "yes" || v == "kylla" || v == "true" || v == "tosi") return out = true, true;
        issue(c, "import.bad_value", tr_format("error.csv.bad_yes_no", {v.substr(0, 40)}));
        return false;
    }

    // "YYYY-MM-DD" or the Finnish "D.M.YYYY" (core/dates.h: a valid day); "" is open.
    bool date(Column c, std::string& out) {
        std::string v = trim(cell(c));
        out.clear();
        if (v.empty()) return true;
        auto day = parse_display(v, Lang::Fi, 0);
        if (!day.ok()) {
            issue(c, "import.bad_value", day.error().message);
            return false;
        }
        out = format_iso(day.value());
        return true;
    }

private:
    const CsvRecord& record_;
    const std::vector<Column>& columns_;
    ImportPlan& plan_;
    std::string where_;
    bool ok_ = true;
};

// Remembers the line of each key so that a second row with it is refused naming both lines.
class LineDuplicates {
public:
    bool add(CsvRow& row, Column c, const std::string& key, const std::string& shown) {
        auto [it, inserted] = first_.emplace(key, row.line());
        if (inserted) return true;
        row.issue(c, "import.duplicate",
                  tr_format("error.csv.duplicate", {shown, std::to_string(it->second), std::to_string(row.line())}));
        return false;
    }

private:
    std::unordered_map<std::string, int64_t> first_;
};

}  // namespace

Result<ImportPlan> parse_csv(std::string_view bytes, ImportKind kind) {
    if (kind == ImportKind::Dataset) return Error{"import.bad_kind", tr_format("error.import.bad_kind", {"dataset"}), "kind"};
    DecodedCsv decoded;
    auto records = read_records(bytes, decoded);
    if (!records.ok()) return records.error();
    ImportPlan plan;
    plan.kind = kind;
    if (decoded.windows_1252)
        add_issue(plan.warnings, 0, "", "csv.windows_1252", "",
                  tr_format("warning.csv.windows_1252", {decoded_examples(records.value(), decoded.converted_lines)}));

    // The header row: each column's meaning; unknown columns are ignored with a warning.
    const CsvRecord& header = records->front();
    std::vector<Column> columns;
    for (const std::string& h : header.fields) {
        Column c = header_column(kind, h);
        if (c == Column::Unknown && !trim(h).empty())
            add_issue(plan.warnings, header.line, h, "csv.unknown_column", tr_format("import.line", {std::to_string(header.line)}),
                      tr_format("warning.csv.unknown_column", {truncate_chars(trim(h), 60)}));
        if (c != Column::Unknown && c != Column::Ignored && std::find(columns.begin(), columns.end(), c) != columns.end())
            return Error{"csv.duplicate_column", tr_format("error.csv.duplicate_column", {truncate_chars(trim(h), 60)}), ""};
        columns.push_back(c);
    }
    auto require = [&](Column c) -> Status {
        if (std::find(columns.begin(), columns.end(), c) == columns.end())
            return Error{"csv.missing_column", tr_format("error.csv.missing_column", {column_label(c)}), ""};
        return {};
    };
    switch (kind) {
        case ImportKind::Customers: VASTUU_TRY(require(Column::Name)); break;
        case ImportKind::Employees: VASTUU_TRY(require(Column::Name)); break;
        case ImportKind::Responsibilities:
            VASTUU_TRY(require(Column::Customer));
            VASTUU_TRY(require(Column::Employee));
            break;
        case ImportKind::Dataset: break;
    }

    LineDuplicates duplicates;
    // Rows with cells past the header's last column: their extra cells are not read, said once.
    std::vector<int64_t> ragged;
    size_t ragged_count = 0;
    for (size_t r = 1; r < records->size(); ++r) {
        const CsvRecord& record = (*records)[r];
        if (record.fields.size() > columns.size() &&
            std::any_of(record.fields.begin() + static_cast<std::ptrdiff_t>(columns.size()), record.fields.end(),
                        [](const std::string& f) { return !trim(f).empty(); })) {
            if (ragged.size() < 10) ragged.push_back(record.line);
            ++ragged_count;
        }
        CsvRow row(record, columns, plan);
        ++plan.rows;
        if (kind == ImportKind::Customers) {
            PlanCustomer c;
            row.number(Column::Number, false, c.number);
            row.text(Column::Name, limits::kName, true, false, c.name);
            c.has_group = row.has(Column::Group);
            c.has_archived = row.has(Column::Archived);
            if (c.has_group) row.text(Column::Group, limits::kName, false, false, c.group);
            if (c.has_archived) row.flag(Column::Archived, c.archived);
            if (c.number) duplicates.add(row, Column::Number, std::to_string(c.number), std::to_string(c.number));
            if (!row.ok()) continue;
            c.where = row.where();
            plan.customers.push_back(std::move(c));
        } else if (kind == ImportKind::Employees) {
            PlanEmployee e;
            row.text(Column::Name, limits::kName, true, false, e.name);
            if (row.has(Column::Email) && row.text(Column::Email, limits::kEmail, false, false, e.email) && !e.email.empty() &&
                !looks_like_email(e.email))
                row.issue(Column::Email, "employee.bad_email", tr_format("error.employee.bad_email", {e.email}));
            e.has_team = row.has(Column::Team);
            e.has_seller_info = row.has(Column::SellerInfo);
            e.has_archived = row.has(Column::Archived);
            if (e.has_team) row.text(Column::Team, limits::kName, false, false, e.team);
            if (e.has_seller_info) row.text(Column::SellerInfo, limits::kSellerInfo, false, true, e.seller_info);
            if (e.has_archived) row.flag(Column::Archived, e.archived);
            if (row.ok()) {
                if (!e.email.empty()) duplicates.add(row, Column::Email, "e:" + lower_ascii(e.email), e.email);
                else duplicates.add(row, Column::Name, "n:" + e.name, e.name);
            }
            if (!row.ok()) continue;
            e.where = row.where();
            plan.employees.push_back(std::move(e));
        } else {
            PlanResponsibility x;
            std::string employee;
            row.number(Column::Customer, true, x.customer_number);
            if (row.has(Column::Project)) row.text(Column::Project, limits::kProjectNumber, false, false, x.project_number);
            if (row.text(Column::Employee, limits::kEmail, true, false, employee)) {
                if (employee.find('@') != std::string::npos) x.employee.email = employee;
                else x.employee.name = employee;
            }
            x.has_role = row.has(Column::Role);
            x.has_valid_to = row.has(Column::To);
            if (x.has_role) row.text(Column::Role, limits::kRoleName, false, false, x.role);
            row.date(Column::From, x.valid_from);
            if (x.has_valid_to) row.date(Column::To, x.valid_to);
            if (row.ok() && !x.valid_from.empty() && !x.valid_to.empty() && x.valid_to < x.valid_from)
                row.issue(Column::To, "import.bad_value", tr_format("error.import.interval", {x.valid_from, x.valid_to}));
            if (row.ok())
                duplicates.add(row, Column::Employee,
                               std::to_string(x.customer_number) + "|" + x.project_number + "|" + lower_ascii(employee) + "|" +
                                   x.valid_from + "|" + fold_case(x.role) + "|" + x.valid_to,
                               employee);
            if (!row.ok()) continue;
            x.where = row.where();
            plan.responsibilities.push_back(std::move(x));
        }
    }
    if (ragged_count > 0)
        add_issue(plan.warnings, 0, "", "csv.extra_cells", "",
                  tr_count("warning.csv.extra_cells", static_cast<long long>(ragged_count), {line_list(ragged, ragged_count)}));
    return plan;
}

}  // namespace vastuu
