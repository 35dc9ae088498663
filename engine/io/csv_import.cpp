// CSV import and export of customers, employees and responsibilities (csv_import.h).
//
// Index of this file:
// [SECTION] Encoding (UTF-8, byte-order mark, Windows-1252)
// [SECTION] Splitting records
// [SECTION] Header names (English and Finnish)
// [SECTION] Reading rows into a plan
// [SECTION] Writing CSV
#include "io/csv_import.h"

#include <algorithm>
#include <cstdio>
#include <unordered_map>

#include "core/engine.h"
#include "commands/command_context.h"
#include "core/dates.h"
#include "core/field_limits.h"
#include "core/i18n.h"
#include "core/text.h"

namespace vastuu {

// ---------------------------------------------------------------------------------------------
// [SECTION] Encoding (UTF-8, byte-order mark, Windows-1252)
// ---------------------------------------------------------------------------------------------

size_t first_invalid_utf8(std::string_view s) {
    const unsigned char* p = reinterpret_cast<const unsigned char*>(s.data());
    const size_t n = s.size();
    size_t i = 0;
    while (i < n) {
        unsigned char c = p[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        size_t len = 0;
        uint32_t min = 0, cp = 0;
        if (c >= 0xC2 && c <= 0xDF) len = 2, min = 0x80, cp = c & 0x1F;
        else if (c >= 0xE0 && c <= 0xEF) len = 3, min = 0x800, cp = c & 0x0F;
        else if (c >= 0xF0 && c <= 0xF4) len = 4, min = 0x10000, cp = c & 0x07;
        else return i;
        if (i + len > n) return i;
        for (size_t k = 1; k < len; ++k) {
            if ((p[i + k] & 0xC0) != 0x80) return i;
            cp = (cp << 6) | (p[i + k] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
        i += len;
    }
    return n;
}

namespace {

// Windows-1252's 0x80..0x9F; the five unassigned bytes become the C1 controls of the same value
// (which the text rules then refuse as control characters, naming the line).
const uint16_t kCp1252High[32] = {0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                                  0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
                                  0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                                  0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

void append_utf8(std::string& out, uint32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

}  // namespace

Result<std::string> decode_csv_bytes(std::string_view bytes, bool& converted) {
    converted = false;
    if (bytes.size() >= 2 && ((bytes[0] == '\xFF' && bytes[1] == '\xFE') || (bytes[0] == '\xFE' && bytes[1] == '\xFF')))
        return Error{"csv.unsupported_encoding", tr("error.csv.utf16"), ""};
    if (bytes.size() >= 3 && bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
    if (first_invalid_utf8(bytes) == bytes.size()) return std::string(bytes);
    converted = true;
    std::string out;
    out.reserve(bytes.size() + bytes.size() / 8);
    for (char ch : bytes) {
        unsigned char c = static_cast<unsigned char>(ch);
        if (c < 0x80) out += ch;
        else if (c < 0xA0) append_utf8(out, kCp1252High[c - 0x80]);
        else append_utf8(out, c);  // Latin-1 and Windows-1252 agree from 0xA0 on
    }
    return out;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Splitting records
// ---------------------------------------------------------------------------------------------

char sniff_csv_delimiter(std::string_view text) {
    size_t semicolons = 0, commas = 0, tabs = 0;
    bool quoted = false;
    for (char c : text) {
        if (c == '"') quoted = !quoted;
        else if (!quoted && (c == '\n' || c == '\r')) break;
        else if (!quoted && c == ';') ++semicolons;
        else if (!quoted && c == ',') ++commas;
        else if (!quoted && c == '\t') ++tabs;
    }
    if (tabs > semicolons && tabs > commas) return '\t';
    return commas > semicolons ? ',' : ';';
}

Result<std::vector<CsvRecord>> split_csv(std::string_view text, char delimiter) {
    std::vector<CsvRecord> records;
    CsvRecord record;
    std::string field;
    int64_t line = 1;
    bool in_quotes = false, field_started = false, record_has_data = false;
    int64_t quote_line = 0;
    record.line = 1;
    auto end_field = [&] {
        record.fields.push_back(std::move(field));
        field.clear();
        field_started = false;
    };
    auto end_record = [&] {
        end_field();
        // A blank line (one empty field) is no record.
        if (record_has_data || record.fields.size() > 1) records.push_back(std::move(record));
        record = CsvRecord{};
        record_has_data = false;
    };
    const size_t n = text.size();
    for (size_t i = 0; i < n; ++i) {
        char c = text[i];
        if (in_quotes) {
            if (c == '"') {
                if (i + 1 < n && text[i + 1] == '"') {
                    field += '"';
                    ++i;
                } else {
                    in_quotes = false;
                }
            } else {
                if (c == '\n' || (c == '\r' && !(i + 1 < n && text[i + 1] == '\n'))) ++line;
                field += c;
            }
            continue;
        }
        if (c == '"' && !field_started) {
            in_quotes = true;
            field_started = true;
            record_has_data = true;
            quote_line = line;
            continue;
        }
        if (c == delimiter) {
            end_field();
            record_has_data = true;
            continue;
        }
        if (c == '\r' || c == '\n') {
            if (c == '\r' && i + 1 < n && text[i + 1] == '\n') ++i;
            end_record();
            ++line;
            record.line = line;
            continue;
        }
        if (!record_has_data) record.line = line;
        field += c;
        field_started = true;
        record_has_data = true;
    }
    if (in_quotes)
        return Error{"csv.unterminated_quote", tr_format("error.csv.unterminated_quote", {std::to_string(quote_line)}), ""};
    if (record_has_data || !field.empty() || !record.fields.empty()) end_record();
    return records;
}

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

// Maintenance reminder: the headers export_csv() writes (the csv.* keys of engine.inc) must be here.
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

Result<std::vector<CsvRecord>> read_records(std::string_view bytes, std::string& text, bool& converted) {
    auto decoded = decode_csv_bytes(bytes, converted);
    if (!decoded.ok()) return decoded.error();
    text = std::move(decoded.value());
    auto records = split_csv(text, sniff_csv_delimiter(text));
    if (!records.ok()) return records.error();
    if (records->empty()) return Error{"csv.empty", tr("error.csv.empty"), ""};
    return records;
}

}  // namespace

Result<ImportKind> detect_csv_kind(std::string_view bytes) {
    // Only the header row matters: read up to the first line break outside quotes.
    bool converted = false;
    auto decoded = decode_csv_bytes(bytes.substr(0, std::min<size_t>(bytes.size(), 64 * 1024)), converted);
    if (!decoded.ok()) return decoded.error();
    auto records = split_csv(decoded.value(), sniff_csv_delimiter(decoded.value()));
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
            if (columns_[i] == c) {
                const std::string& v = record_.fields[i];
                if (v.size() >= 2 && v[0] == '\'' && std::string("=+-@\t\r").find(v[1]) != std::string::npos)
                    return v.substr(1);
                return v;
            }
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
        if (!digits || (out = std::stoll(v)) <= 0) {
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
    std::string text;
    bool converted = false;
    auto records = read_records(bytes, text, converted);
    if (!records.ok()) return records.error();
    ImportPlan plan;
    plan.kind = kind;
    if (converted) add_issue(plan.warnings, 0, "", "csv.windows_1252", tr("import.file"), tr("warning.csv.windows_1252"));

    // The header row: each column's meaning; unknown columns are ignored with a warning.
    const CsvRecord& header = records->front();
    std::vector<Column> columns;
    for (const std::string& h : header.fields) {
        Column c = header_column(kind, h);
        if (c == Column::Unknown && !trim(h).empty())
            add_issue(plan.warnings, header.line, h, "csv.unknown_column", tr_format("import.line", {std::to_string(header.line)}),
                      tr_format("warning.csv.unknown_column", {trim(h)}));
        if (c != Column::Unknown && c != Column::Ignored && std::find(columns.begin(), columns.end(), c) != columns.end())
            return Error{"csv.duplicate_column", tr_format("error.csv.duplicate_column", {trim(h)}), ""};
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
    for (size_t r = 1; r < records->size(); ++r) {
        CsvRow row((*records)[r], columns, plan);
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
    return plan;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Writing CSV
// ---------------------------------------------------------------------------------------------

namespace {

// One field: formula guard first (OWASP: a leading apostrophe), then quoted when it holds the
// delimiter, a quote, a line break or spaces at either end.
void append_field(std::string& out, const std::string& value) {
    std::string v = value;
    if (!v.empty() && std::string("=+-@\t\r").find(v[0]) != std::string::npos) v.insert(v.begin(), '\'');
    bool quote = v.find_first_of(";\"\n\r,") != std::string::npos ||
                 (!v.empty() && (v.front() == ' ' || v.back() == ' '));
    if (!quote) {
        out += v;
        return;
    }
    out += '"';
    for (char c : v) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
}

void append_row(std::string& out, std::initializer_list<std::string> fields) {
    bool first = true;
    for (const std::string& f : fields) {
        if (!first) out += ';';
        first = false;
        append_field(out, f);
    }
    out += "\r\n";
}

}  // namespace

Result<std::string> export_csv(Engine& engine, ImportKind kind) {
    std::string out = "\xEF\xBB\xBF";
    CustomerFilter all;
    all.include_archived = true;
    if (kind == ImportKind::Customers) {
        std::unordered_map<int64_t, std::string> groups;
        for (const CustomerGroup& g : engine.list_customer_groups()) groups.emplace(g.id.value, g.name);
        append_row(out, {tr("csv.customers.number"), tr("csv.customers.name"), tr("csv.customers.group"),
                         tr("csv.customers.archived")});
        for (const Customer& c : engine.list_customers(all))
            append_row(out, {std::to_string(c.number), c.name, c.group ? groups[c.group.value] : std::string(),
                             c.archived ? "1" : "0"});
        return out;
    }
    if (kind == ImportKind::Employees) {
        std::unordered_map<int64_t, std::string> teams;
        for (const Team& t : engine.list_teams()) teams.emplace(t.id.value, t.name);
        append_row(out, {tr("csv.customers.name"), tr("csv.employees.email"), tr("csv.employees.team"),
                         tr("csv.employees.seller_info"), tr("csv.customers.archived")});
        for (const Employee& e : engine.list_employees(true))
            append_row(out, {e.name, e.email, e.team ? teams[e.team.value] : std::string(), e.seller_info,
                             e.archived ? "1" : "0"});
        return out;
    }
    if (kind == ImportKind::Responsibilities) {
        std::unordered_map<int64_t, const Employee*> employees;
        std::vector<Employee> all_employees = engine.list_employees(true);
        for (const Employee& e : all_employees) employees.emplace(e.id.value, &e);
        std::unordered_map<int64_t, std::string> roles;
        for (const Role& r : engine.list_roles()) roles.emplace(r.id.value, r.name);
        append_row(out, {tr("csv.responsibilities.customer"), tr("csv.responsibilities.customer_name"),
                         tr("csv.responsibilities.project"), tr("csv.responsibilities.employee"),
                         tr("csv.responsibilities.employee_name"), tr("csv.responsibilities.role"),
                         tr("csv.responsibilities.from"), tr("csv.responsibilities.to")});
        for (const Customer& c : engine.list_customers(all)) {
            std::vector<Responsibility> rows = engine.list_responsibilities(c.id);
            if (rows.empty()) continue;
            std::unordered_map<int64_t, std::string> projects;
            for (const Project& p : engine.list_projects(c.id)) projects.emplace(p.id.value, p.number);
            for (const Responsibility& r : rows) {
                const Employee* e = employees.count(r.employee.value) ? employees[r.employee.value] : nullptr;
                append_row(out, {std::to_string(c.number), c.name, r.project ? projects[r.project.value] : std::string(),
                                 e ? (e->email.empty() ? e->name : e->email) : std::string(), e ? e->name : std::string(),
                                 r.role ? roles[r.role.value] : std::string(), r.valid_from, r.valid_to});
            }
        }
        return out;
    }
    return Error{"import.bad_kind", tr_format("error.import.bad_kind", {import_kind_name(kind)}), "kind"};
}

bool parse_import_kind(const std::string& name, ImportKind& out) {
    for (ImportKind k : {ImportKind::Dataset, ImportKind::Customers, ImportKind::Employees, ImportKind::Responsibilities})
        if (name == import_kind_name(k)) return out = k, true;
    return false;
}

}  // namespace vastuu
