// The demo and benchmark data generator. Everything comes from one seeded xoshiro256** stream and
// fixed word lists, never from std::rand or <random> distributions (their output differs between
// standard libraries), so a seed gives the same database natively and in the browser.
//
// Index:
// [SECTION] Random numbers and dates
// [SECTION] Word lists
// [SECTION] Name builders
// [SECTION] Generation
#include "io/demo_data.h"

#include "core/engine.h"

#include <algorithm>
#include <initializer_list>
#include <string_view>
#include <cstdio>
#include <string>
#include <unordered_set>
#include <vector>

#include "core/dates.h"
#include "core/i18n.h"
#include "core/sql.h"
#include "core/text.h"

namespace vastuu {
namespace {

// ---------------------------------------------------------------------------------------------
// [SECTION] Random numbers and dates
// ---------------------------------------------------------------------------------------------

// xoshiro256** seeded through splitmix64 (both public domain, Vigna & Blackman).
class Rng {
public:
    explicit Rng(uint64_t seed) {
        for (uint64_t& s : s_) {
            seed += 0x9E3779B97F4A7C15ULL;
            uint64_t z = seed;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
            s = z ^ (z >> 31);
        }
    }
    uint64_t next() {
        uint64_t result = rotl(s_[1] * 5, 7) * 9;
        uint64_t t = s_[1] << 17;
        s_[2] ^= s_[0];
        s_[3] ^= s_[1];
        s_[1] ^= s_[2];
        s_[0] ^= s_[3];
        s_[2] ^= t;
        s_[3] = rotl(s_[3], 45);
        return result;
    }
    // Uniform in [0, n) for n <= 2^32 (multiply-shift; the bias is far below anything visible here).
    uint64_t below(uint64_t n) { return n == 0 ? 0 : ((next() >> 32) * n) >> 32; }
    int64_t between(int64_t lo, int64_t hi) { return lo + static_cast<int64_t>(below(static_cast<uint64_t>(hi - lo + 1))); }
    bool percent(int p) { return below(100) < static_cast<uint64_t>(p); }
    template <class T, size_t N>
    const T& pick(const T (&list)[N]) { return list[below(N)]; }

private:
    static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    uint64_t s_[4];
};

// ---------------------------------------------------------------------------------------------
// [SECTION] Word lists
// ---------------------------------------------------------------------------------------------

const char* const kFirstNames[] = {
    "Matti", "Liisa", "Juha", "Anna", "Timo", "Sari", "Mikko", "Päivi", "Jukka", "Tiina", "Antti", "Kaisa",
    "Eeva", "Ville", "Sanna", "Pekka", "Hanna", "Jussi", "Maija", "Tuomas", "Riikka", "Heikki", "Elina",
    "Väinö", "Aino", "Eero", "Ilona", "Onni", "Helmi", "Kalle", "Siiri", "Åsa", "Jörgen", "Säde", "Tyyne",
    "Märta", "Ulla-Maija", "Jari", "Merja", "John", "Sarah", "David", "Emily", "Michael", "Emma", "James",
    "Olivia", "Robert", "Grace", "William", "Charlotte", "Chloé", "José"};
const char* const kLastNames[] = {
    "Virtanen", "Korhonen", "Mäkinen", "Nieminen", "Mäkelä", "Hämäläinen", "Laine", "Heikkinen", "Koskinen",
    "Järvinen", "Lehtonen", "Lehtinen", "Saarinen", "Salminen", "Heinonen", "Niemi", "Heikkilä", "Kinnunen",
    "Salonen", "Turunen", "Äijälä", "Öhman", "Åström", "Jääskeläinen", "Kärkkäinen", "Pöyhönen", "Söderström",
    "Östman", "Ylönen", "Väisänen", "Räsänen", "Hyvönen", "Kähkönen", "Björklund", "Sjöberg", "Ahonen",
    "Lindqvist", "Smith", "Taylor", "Johnson", "Brown", "Williams", "Wilson", "Davies", "Evans", "Clarke",
    "O'Brien", "Müller"};
// Genitive forms of places and family names for company names ("Äijälän Kuljetus Oy").
const char* const kGenitives[] = {
    "Äijälän", "Pohjolan", "Mäkelän", "Virtasen", "Lahden", "Oulun", "Järvisen", "Kuusiston", "Hämeen",
    "Savon", "Kymen", "Lapin", "Saimaan", "Päijänteen", "Närhen", "Länsi-Suomen", "Etelä-Karjalan", "Pirkan",
    "Kärkkäisen", "Öhmanin", "Åströmin", "Koskisen", "Nurmijärven", "Tampereen", "Turun", "Vaasan",
    "Jyväskylän", "Porvoon", "Kokkolan", "Ylöjärven", "Äänekosken", "Hyvinkään", "Lohjan", "Raahen", "Kemin",
    "Tornion", "Ähtärin", "Öljymäen", "Helsingin", "Espoon", "Kuopion", "Joensuun", "Seinäjoen", "Mikkelin"};
const char* const kBusinesses[] = {
    "Kuljetus", "Tilitoimisto", "Rakennus", "Sähkö", "Kiinteistöhuolto", "Konepaja", "Puutarha", "Kahvila",
    "Metalli", "LVI", "Maalaus", "Hammashoito", "Lakiasiaintoimisto", "Insinööritoimisto", "Leipomo",
    "Autokorjaamo", "Parturi-Kampaamo", "Siivouspalvelu", "Kauppa", "Tekniikka", "Logistiikka", "Mediatalo",
    "Puusepänliike", "Kivityö", "Lasitus", "Kalatalous", "Matkailu", "Energia", "Tietotekniikka",
    "Konsultointi", "Taksi", "Optiikka", "Kukkakauppa", "Kattotyö", "Maansiirto", "Hirsitalo", "Veneveistämö",
    "Sähköasennus", "Ympäristöpalvelu", "Hyvinvointikeskus", "Tilausajo", "Viestintä"};
const char* const kFinnishForms[] = {"Oy", "Oy", "Oy", "Oy", "Oy", "Oy", "Oy", "Oy", "Oy", "Oy",
                                     "Oy", "Oy", "Ky", "Ky", "Oy Ab", "Ay", "Oyj"};
const char* const kEnglishPrefixes[] = {"Bright", "North", "Blue",  "Silver", "Green", "Oak",    "Stone", "Red",
                                        "Clear",  "High",  "Iron",  "Golden", "White", "Maple",  "Cedar", "Fjord"};
const char* const kEnglishSuffixes[] = {"water", "wind",  "field", "ridge", "stone", "brook", "wood",
                                        "gate",  "bridge", "point", "haven", "light", "line",  "peak"};
const char* const kEnglishBusinesses[] = {"Consulting", "Trading",   "Software", "Logistics", "Partners",
                                          "Solutions",  "Holdings",  "Services", "Analytics", "Design",
                                          "Marine",     "Foods",     "Capital",  "Engineering"};
const char* const kEnglishForms[] = {"Ltd", "Ltd", "Ltd", "Limited", "Inc.", "LLC", "AB", "GmbH", "Oy"};
const char* const kHousingForms[] = {"As Oy", "As Oy", "Asunto Oy", "Kiinteistö Oy"};
const char* const kHousingNames[] = {"Koivukuja", "Merituuli", "Rantapuisto", "Kuusela", "Tähtitorni",
                                     "Satamakatu 5", "Männikkö", "Järvenranta", "Sävelpolku", "Kaarenkulma",
                                     "Aurinkorinne", "Pääskynpesä", "Myllypuro", "Kärkitalo", "Öljynsatama"};
const char* const kAssociations[] = {"Urheiluseura", "Kuoro", "Golfseura", "Metsästysseura", "Yrittäjät",
                                     "Kotiseutuyhdistys", "Ratsastusseura", "Shakkikerho", "Näyttämö"};

const char* const kTeams[] = {
    "Tilinpäätöstiimi", "Payroll", "Helsinki", "Tampere", "Turku", "Oulu", "Jyväskylä", "Palkkatiimi",
    "Kirjanpito", "Konsultointi", "Verotiimi", "Advisory", "Espoo", "Vaasa", "Kuopio", "Lahti", "Pori",
    "Joensuu", "Rovaniemi", "Seinäjoki", "Audit", "Outsourcing", "Startup-tiimi", "Isännöinti",
    "Yritysjärjestelyt"};

struct RoleName {
    const char* name;
    const char* code;
};
const RoleName kCustomerRoles[] = {{"Vastuukirjanpitäjä", "VK"}, {"Palkanlaskija", "PL"},
                                   {"Asiakasvastaava", "AV"},    {"Veroasiantuntija", "VA"},
                                   {"Reskontranhoitaja", "RE"},  {"Controller", "CO"},
                                   {"Tilintarkastaja", "TT"},    {"Isännöitsijä", "IS"}};
const RoleName kProjectRoles[] = {{"Projektipäällikkö", "PP"}, {"Tarkastaja", "TA"},   {"Konsultti", "KO"},
                                  {"Asiantuntija", "AS"},      {"Koordinaattori", "KR"}, {"Laatuvastaava", "LV"},
                                  {"Kouluttaja", "KT"}};

const char* const kCustomerGroups[] = {
    "Pääkaupunkiseutu", "Pirkanmaa", "Varsinais-Suomi", "Pohjois-Pohjanmaa", "Keski-Suomi", "Uusimaa",
    "Kanta-Häme", "Päijät-Häme", "Satakunta", "Pohjanmaa", "Lappi", "Kainuu", "Savo", "Karjala", "Ahvenanmaa",
    "Yritysasiakkaat", "Pienyritykset", "Taloyhtiöt", "Yhdistykset", "Konsernit", "International clients",
    "Startups", "Maatilat", "Ammatinharjoittajat", "Terveydenhuolto", "Rakennusala", "Kuljetusala",
    "Ravintolat", "Vähittäiskauppa", "Öljy- ja energia-ala"};

struct SpecialGroupText {
    const char* name;
    const char* legend;
};
const SpecialGroupText kSpecialGroups[] = {
    {"Avainasiakkaat", "Tärkeimmät asiakkaat: vastuuhenkilön sijainen sovittava lomien ajaksi."},
    {"Kuukausiraportointi", "Kuukausiraportti toimitetaan 10. päivään mennessä."},
    {"Tilintarkastettavat", "Tilintarkastusvelvolliset yhtiöt; tilinpäätösaikataulu sovittava tarkastajan kanssa."},
    {"ALV kuukausittain", "Arvonlisävero ilmoitetaan kuukausittain."},
    {"Konsernit", "Konsernitilinpäätös ja sisäiset eliminoinnit."},
    {"Ulkomaiset omistajat", "Raportointi myös englanniksi (reporting in English)."},
    {"Kausiyritykset", "Kiireisin kausi kesällä; palkanlaskennan määrä vaihtelee."},
    {"Palkanlaskenta 2 krt/kk", "Palkat maksetaan kahdesti kuussa."},
    {"Sähköinen taloushallinto", "Ostolaskut ja kuitit kulkevat sähköisesti; ei paperiaineistoa."},
    {"Uudet asiakkaat", "Aloittaneet tänä vuonna: perehdytys ja aloituspalaveri."},
    {"Priority clients", "Same-day answers; escalate to the client manager."},
    {"Tilikausi päättyy 30.6.", "Poikkeava tilikausi: tilinpäätös syksyllä."},
    {"Maksumuistutukset", "Laskutus vain ennakkoon."},
    {"Sijoittajaraportointi", "Neljännesvuosiraportti sijoittajille."},
    {"Yhdistykset ja säätiöt", "Toiminnantarkastus ja vuosikokousaineisto."}};

const char* const kProjectNames[] = {
    "Tilinpäätös", "Konsernitilinpäätös", "Verotarkastus", "Budjetti", "Year-end closing", "Yhtiökokous",
    "Payroll audit", "Kassavirtaennuste"};
const char* const kProjectNamesUndated[] = {
    "Palkanlaskennan käyttöönotto", "ERP-vaihto", "ERP migration", "ALV-selvitys", "Yritysjärjestely",
    "Sukupolvenvaihdos", "Due diligence", "Perustamisneuvonta", "Henkilöstöhallinnon uudistus",
    "Sähköinen arkisto", "Rahoitushakemus", "Yrityskauppa"};

// ---------------------------------------------------------------------------------------------
// [SECTION] Name builders
// ---------------------------------------------------------------------------------------------

// "List word", then "List word 2", "List word 3", ... once the list runs out: always unique.
template <size_t N>
std::string numbered(const char* const (&list)[N], int i) {
    std::string name = list[static_cast<size_t>(i) % N];
    if (static_cast<size_t>(i) >= N) name += " " + std::to_string(static_cast<size_t>(i) / N + 1);
    return name;
}

// Concatenates in order. The parts are a braced list because its elements are evaluated left to
// right; the operands of a chain of `+` are not, and gcc and clang (native and wasm) order them
// differently, which would make the same seed give different names.
std::string cat(std::initializer_list<std::string_view> parts) {
    std::string out;
    for (std::string_view p : parts) out += p;
    return out;
}

std::string company_name(Rng& rng) {
    uint64_t kind = rng.below(100);
    if (kind < 34) return cat({rng.pick(kGenitives), " ", rng.pick(kBusinesses), " ", rng.pick(kFinnishForms)});
    if (kind < 42) return cat({rng.pick(kLastNames), " ", rng.pick(kBusinesses), " ", rng.pick(kFinnishForms)});
    if (kind < 52)
        return rng.percent(50) ? cat({"Tmi ", rng.pick(kLastNames)})
                               : cat({"Tmi ", rng.pick(kFirstNames), " ", rng.pick(kLastNames)});
    if (kind < 66)
        return cat({rng.pick(kEnglishPrefixes), rng.pick(kEnglishSuffixes), " ", rng.pick(kEnglishBusinesses), " ",
                    rng.pick(kEnglishForms)});
    if (kind < 76) {
        switch (rng.below(4)) {
            case 0: return cat({rng.pick(kLastNames), " & Co"});
            case 1: return cat({rng.pick(kLastNames), " & ", rng.pick(kLastNames)});
            case 2: return cat({rng.pick(kLastNames), " & ", rng.pick(kLastNames), " Oy"});
            default: return cat({rng.pick(kLastNames), " & Partners Ltd"});
        }
    }
    if (kind < 90) return cat({rng.pick(kHousingForms), " ", rng.pick(kGenitives), " ", rng.pick(kHousingNames)});
    if (kind < 96) return cat({rng.pick(kGenitives), " ", rng.pick(kAssociations), " ry"});
    return cat({"Osuuskunta ", rng.pick(kHousingNames)});
}

// firstname.lastname with ä/ö/å (and other accents) reduced to ASCII; other characters dropped.
std::string email_local_part(const std::string& first, const std::string& last) {
    auto clean = [](const std::string& s) {
        std::string out;
        for (char c : fold_for_search(s))
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-') out += c;
        return out;
    };
    return clean(first) + "." + clean(last);
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Generation
// ---------------------------------------------------------------------------------------------

Error invalid_size(const std::string& why) {
    return Error{"demo.invalid_size", tr_format("error.demo.invalid_size", {why}), ""};
}

Status check_size(const DemoSize& s) {
    const int limit = 10000000;  // keeps every id arithmetic below in 64 bits
    for (int v : {s.customers, s.projects, s.employees, s.teams, s.roles, s.customer_groups, s.special_groups,
                  s.responsibilities})
        if (v < 0 || v > limit) return invalid_size("every count must be between 0 and 10,000,000");
    if (s.roles > 1000) return invalid_size("at most 1,000 roles");
    if (s.projects > 0 && s.customers == 0) return invalid_size("projects need customers");
    const double customer_roles = (s.roles + 1) / 2, project_roles = s.roles / 2;
    const double capacity = double(s.customers) * s.employees * (customer_roles + 1) +
                            double(s.projects) * s.employees * (project_roles + 1);
    if (s.responsibilities > capacity)
        return invalid_size("more responsibilities than distinct (customer or project, employee, role) rows");
    return {};
}

// One step of a prepared insert; resets it for the next row.
Status insert(sqlite3* db, Stmt& st, const char* what) {
    int rc = st.step();
    st.reset();
    if (rc != SQLITE_DONE) return sqlite_failure(db, what);
    return {};
}

struct Generated {
    std::vector<int64_t> teams, customer_roles, project_roles, employees, groups, customers, projects;
};

Status fill(sqlite3* db, const DemoSize& size, Rng& rng) {
    Generated g;

    // Teams.
    {
        Stmt st(db, "INSERT INTO team(name) VALUES (?)");
        if (!st.ok()) return sqlite_failure(db, "demo: team");
        for (int i = 0; i < size.teams; ++i) {
            st.bind(1, numbered(kTeams, i));
            VASTUU_TRY(insert(db, st, "demo: team"));
            g.teams.push_back(sqlite3_last_insert_rowid(db));
        }
    }

    // Roles: the larger half customer roles, the rest project roles.
    {
        Stmt st(db, "INSERT INTO role(name, code, kind) VALUES (?, ?, ?)");
        if (!st.ok()) return sqlite_failure(db, "demo: role");
        const int customer_roles = (size.roles + 1) / 2, project_roles = size.roles / 2;
        auto add = [&](const RoleName* list, int list_size, int count, const char* kind, const char* overflow,
                       const char* code_prefix, std::vector<int64_t>& ids) -> Status {
            for (int i = 0; i < count; ++i) {
                std::string name = i < list_size ? list[i].name : std::string(overflow) + " " + std::to_string(i + 1);
                std::string code = i < list_size ? list[i].code : code_prefix + std::to_string(i + 1);
                st.bind(1, name).bind(2, code).bind(3, kind);
                VASTUU_TRY(insert(db, st, "demo: role"));
                ids.push_back(sqlite3_last_insert_rowid(db));
            }
            return {};
        };
        VASTUU_TRY(add(kCustomerRoles, 8, customer_roles, "customer", "Asiakasrooli", "A", g.customer_roles));
        VASTUU_TRY(add(kProjectRoles, 7, project_roles, "project", "Projektirooli", "P", g.project_roles));
    }

    // Employees; about one in twelve sells (seller_info) and is a salesperson of some groups.
    std::vector<size_t> sellers;
    {
        Stmt st(db, "INSERT INTO employee(name, email, seller_info, team_id, archived) VALUES (?, ?, ?, ?, ?)");
        if (!st.ok()) return sqlite_failure(db, "demo: employee");
        std::unordered_set<std::string> emails;
        const int seller_count = size.employees == 0 ? 0 : std::max(1, size.employees / 12);
        std::vector<char> is_seller(static_cast<size_t>(size.employees), 0);
        for (int placed = 0; placed < seller_count;) {
            size_t i = rng.below(static_cast<uint64_t>(size.employees));
            if (!is_seller[i]) {
                is_seller[i] = 1;
                ++placed;
            }
        }
        for (int i = 0; i < size.employees; ++i) {
            const std::string first = rng.pick(kFirstNames), last = rng.pick(kLastNames);
            std::string local = email_local_part(first, last), email = local + "@vastuu.example";
            for (int n = 2; !emails.insert(email).second; ++n) email = local + std::to_string(n) + "@vastuu.example";
            std::string seller_info;
            if (is_seller[static_cast<size_t>(i)]) {
                sellers.push_back(static_cast<size_t>(i));
                switch (rng.below(3)) {
                    case 0: seller_info = "Myyjä, provisio " + std::to_string(rng.between(3, 10)) + " %"; break;
                    case 1: seller_info = "Myyjäkoodi M" + std::to_string(100 + i); break;
                    default: seller_info = "Sales, commission " + std::to_string(rng.between(3, 10)) + " %"; break;
                }
            }
            st.bind(1, first + " " + last).bind(2, email).bind(3, seller_info);
            if (!g.teams.empty() && rng.percent(92))
                st.bind(4, g.teams[rng.below(g.teams.size())]);
            else
                st.bind_null(4);
            st.bind(5, (!is_seller[static_cast<size_t>(i)] && rng.percent(3)) ? 1 : 0);
            VASTUU_TRY(insert(db, st, "demo: employee"));
            g.employees.push_back(sqlite3_last_insert_rowid(db));
        }
    }

    // Customer groups. Each group owns a block of `spacing` numbers, at least twice the average
    // group size, so numbering never collides; customers without a group come after the last block.
    int64_t spacing = 1000;
    if (size.customer_groups > 0) {
        int64_t wanted = 2 * static_cast<int64_t>(size.customers) / size.customer_groups + 1;
        spacing = std::max<int64_t>(1000, (wanted + 999) / 1000 * 1000);
    }
    {
        Stmt st(db, "INSERT INTO customer_group(name, number_start, ledger_account, cost_centre) VALUES (?, ?, ?, ?)");
        Stmt seller(db, "INSERT INTO customer_group_salesperson(group_id, employee_id) VALUES (?, ?)");
        if (!st.ok() || !seller.ok()) return sqlite_failure(db, "demo: customer group");
        for (int i = 0; i < size.customer_groups; ++i) {
            bool accounts = rng.percent(80);
            st.bind(1, numbered(kCustomerGroups, i))
                .bind(2, (i + 1) * spacing)
                .bind(3, accounts ? std::to_string(3000 + 10 * i) : std::string())
                .bind(4, accounts ? "KP" + std::to_string(100 + i) : std::string());
            VASTUU_TRY(insert(db, st, "demo: customer group"));
            int64_t group = sqlite3_last_insert_rowid(db);
            g.groups.push_back(group);
            if (sellers.empty()) continue;
            size_t count = std::min<size_t>(sellers.size(), static_cast<size_t>(rng.between(1, 3)));
            size_t first = rng.below(sellers.size());
            for (size_t k = 0; k < count; ++k) {  // consecutive sellers: distinct by construction
                seller.bind(1, group).bind(2, g.employees[sellers[(first + k) % sellers.size()]]);
                VASTUU_TRY(insert(db, seller, "demo: salesperson"));
            }
        }
    }

    // Customers: about 10% without a group, 3% archived; groups weighted 1..8 so sizes vary.
    {
        Stmt st(db, "INSERT INTO customer(number, name, group_id, archived) VALUES (?, ?, ?, ?)");
        if (!st.ok()) return sqlite_failure(db, "demo: customer");
        std::vector<int64_t> used(g.groups.size(), 0);
        std::vector<uint64_t> weights;
        uint64_t weight_sum = 0;
        for (size_t i = 0; i < g.groups.size(); ++i) weights.push_back(rng.between(1, 8)), weight_sum += weights.back();
        int64_t no_group_used = 0;
        const int64_t no_group_start = static_cast<int64_t>(g.groups.size() + 1) * spacing;
        for (int i = 0; i < size.customers; ++i) {
            int64_t number;
            bool grouped = !g.groups.empty() && !rng.percent(10);
            size_t group = 0;
            if (grouped) {
                uint64_t r = rng.below(weight_sum);
                while (r >= weights[group]) r -= weights[group++];
                while (used[group] >= spacing) group = (group + 1) % g.groups.size();  // block full
                number = (static_cast<int64_t>(group) + 1) * spacing + used[group]++;
            } else {
                number = no_group_start + no_group_used++;
            }
            st.bind(1, number).bind(2, company_name(rng));
            if (grouped)
                st.bind(3, g.groups[group]);
            else
                st.bind_null(3);
            st.bind(4, rng.percent(3) ? 1 : 0);
            VASTUU_TRY(insert(db, st, "demo: customer"));
            g.customers.push_back(sqlite3_last_insert_rowid(db));
        }
    }

    // Special groups, each with 0.2%..3% of the customers (at least one).
    {
        Stmt st(db, "INSERT INTO special_group(name, legend) VALUES (?, ?)");
        Stmt member(db, "INSERT INTO special_group_member(special_group_id, customer_id) VALUES (?, ?)");
        if (!st.ok() || !member.ok()) return sqlite_failure(db, "demo: special group");
        const size_t list = sizeof kSpecialGroups / sizeof kSpecialGroups[0];
        for (int i = 0; i < size.special_groups; ++i) {
            const SpecialGroupText& text = kSpecialGroups[static_cast<size_t>(i) % list];
            std::string name = text.name;
            if (static_cast<size_t>(i) >= list) name += " " + std::to_string(static_cast<size_t>(i) / list + 1);
            st.bind(1, name).bind(2, rng.percent(85) ? text.legend : "");
            VASTUU_TRY(insert(db, st, "demo: special group"));
            int64_t id = sqlite3_last_insert_rowid(db);
            if (g.customers.empty()) continue;
            size_t wanted = std::max<size_t>(1, g.customers.size() * static_cast<size_t>(rng.between(2, 30)) / 1000);
            std::vector<size_t> picked;
            std::unordered_set<size_t> seen;
            while (picked.size() < wanted) {
                size_t c = rng.below(g.customers.size());
                if (seen.insert(c).second) picked.push_back(c);
            }
            std::sort(picked.begin(), picked.end());
            for (size_t c : picked) {
                member.bind(1, id).bind(2, g.customers[c]);
                VASTUU_TRY(insert(db, member, "demo: special group member"));
            }
        }
    }

    // Projects, numbered "1", "2", ... within their customer; old ones mostly archived.
    {
        Stmt st(db, "INSERT INTO project(customer_id, number, name, archived) VALUES (?, ?, ?, ?)");
        if (!st.ok()) return sqlite_failure(db, "demo: project");
        std::vector<int> per_customer(g.customers.size(), 0);
        for (int i = 0; i < size.projects; ++i) {
            size_t c = rng.below(g.customers.size());
            std::string name;
            bool archived;
            if (rng.percent(60)) {
                int64_t year = rng.between(2021, 2027);
                name = std::string(rng.pick(kProjectNames)) + " " + std::to_string(year);
                archived = year < 2024 ? rng.percent(70) : rng.percent(2);
            } else {
                name = rng.pick(kProjectNamesUndated);
                archived = rng.percent(8);
            }
            st.bind(1, g.customers[c]).bind(2, std::to_string(++per_customer[c])).bind(3, name).bind(4, archived ? 1 : 0);
            VASTUU_TRY(insert(db, st, "demo: project"));
            g.projects.push_back(sqlite3_last_insert_rowid(db));
        }
    }

    // Responsibilities: about 70% on customers (every customer first gets one, usually with the first
    // customer role), the rest on projects. No (target, employee, role) twice.
    {
        const uint64_t employees = g.employees.size();
        const uint64_t c_roles = g.customer_roles.size() + 1, p_roles = g.project_roles.size() + 1;  // +1: no role
        const uint64_t c_capacity = g.customers.size() * employees * c_roles;
        const uint64_t p_capacity = g.projects.size() * employees * p_roles;
        const uint64_t total = static_cast<uint64_t>(size.responsibilities);
        uint64_t on_projects = std::min<uint64_t>(total * 3 / 10, p_capacity);
        if (total - on_projects > c_capacity) on_projects = total - c_capacity;
        const uint64_t on_customers = total - on_projects;

        struct Pick {
            bool project;
            uint64_t target, employee, role;  // role 0: none, else index + 1
        };
        std::vector<Pick> picks;
        picks.reserve(total);
        std::unordered_set<uint64_t> keys;
        keys.reserve(total * 2);
        // Customer keys are [0, c_capacity), project keys follow: one set covers both.
        auto key = [&](const Pick& p) {
            return p.project ? c_capacity + (p.target * employees + p.employee) * p_roles + p.role
                             : (p.target * employees + p.employee) * c_roles + p.role;
        };
        auto try_add = [&](const Pick& p) {
            if (keys.insert(key(p)).second) picks.push_back(p);
        };
        auto random_role = [&](uint64_t roles, int with_role_percent) {
            return roles > 1 && rng.percent(with_role_percent) ? 1 + rng.below(roles - 1) : 0;
        };
        for (uint64_t c = 0; c < g.customers.size() && picks.size() < on_customers; ++c)
            try_add({false, c, rng.below(employees), c_roles > 1 && rng.percent(85) ? 1u : random_role(c_roles, 60)});
        // Random picks, then (only for tiny, nearly full sizes) a sweep of the key space.
        for (uint64_t tries = 0; picks.size() < on_customers && tries < 20 * on_customers + 1000; ++tries)
            try_add({false, rng.below(g.customers.size()), rng.below(employees), random_role(c_roles, 80)});
        for (uint64_t k = 0; picks.size() < on_customers && k < c_capacity; ++k)
            try_add({false, k / c_roles / employees, k / c_roles % employees, k % c_roles});
        for (uint64_t tries = 0; picks.size() < total && tries < 20 * on_projects + 1000; ++tries)
            try_add({true, rng.below(g.projects.size()), rng.below(employees), random_role(p_roles, 85)});
        for (uint64_t k = 0; picks.size() < total && k < p_capacity; ++k)
            try_add({true, k / p_roles / employees, k / p_roles % employees, k % p_roles});
        if (picks.size() != total) return invalid_size("responsibilities do not fit");  // check_size prevents this
        // Inserting in index order keeps the B-tree work local: about a third faster at scale.
        std::sort(picks.begin(), picks.end(), [&](const Pick& a, const Pick& b) { return key(a) < key(b); });

        Stmt st(db, "INSERT INTO responsibility(customer_id, project_id, employee_id, role_id, valid_from, valid_to) "
                    "VALUES (?, ?, ?, ?, ?, ?)");
        if (!st.ok()) return sqlite_failure(db, "demo: responsibility");
        const int64_t past_start = days_from_civil({2018, 1, 1}), past_end = days_from_civil({2026, 6, 30});
        const int64_t ended_end = days_from_civil({2025, 12, 31});
        const int64_t future_start = days_from_civil({2027, 1, 1}), future_end = days_from_civil({2027, 12, 31});
        auto iso_date = [](int64_t day) { return iso_day(static_cast<int32_t>(day)); };
        for (const Pick& p : picks) {
            if (p.project) {
                st.bind_null(1).bind(2, g.projects[p.target]);
                st.bind_id_or_null(4, p.role ? g.project_roles[p.role - 1] : 0);
            } else {
                st.bind(1, g.customers[p.target]).bind_null(2);
                st.bind_id_or_null(4, p.role ? g.customer_roles[p.role - 1] : 0);
            }
            st.bind(3, g.employees[p.employee]);
            // Intervals: 80% open, 10% started in the past, 5% ended, 3% starting in the future,
            // 2% ending in the future.
            uint64_t kind = rng.below(100);
            if (kind >= 80 && kind < 90) {
                st.bind(5, iso_date(rng.between(past_start, past_end))).bind_null(6);
            } else if (kind >= 90 && kind < 95) {
                int64_t from = rng.between(past_start, ended_end - 400);
                st.bind(5, iso_date(from)).bind(6, iso_date(std::min(ended_end, from + rng.between(30, 900))));
            } else if (kind >= 95 && kind < 98) {
                st.bind(5, iso_date(rng.between(future_start, future_end))).bind_null(6);
            } else if (kind >= 98) {
                st.bind_null(5).bind(6, iso_date(rng.between(future_start - 30, future_end)));
            } else {
                st.bind_null(5).bind_null(6);
            }
            VASTUU_TRY(insert(db, st, "demo: responsibility"));
        }
    }
    return {};
}

// True when any table a user fills has rows (settings and the change log do not count).
Result<bool> has_data(sqlite3* db) {
    Stmt st(db,
            "SELECT EXISTS(SELECT 1 FROM customer) OR EXISTS(SELECT 1 FROM employee) OR EXISTS(SELECT 1 FROM team)"
            " OR EXISTS(SELECT 1 FROM role) OR EXISTS(SELECT 1 FROM customer_group)"
            " OR EXISTS(SELECT 1 FROM special_group) OR EXISTS(SELECT 1 FROM project)"
            " OR EXISTS(SELECT 1 FROM responsibility)");
    if (!st.row()) return sqlite_failure(db, "demo: checking for data");
    return st.int64(0) != 0;
}

}  // namespace

DemoSize demo_default() { return DemoSize{}; }

DemoSize demo_scale() {
    DemoSize s;
    s.customers = 50000;
    s.projects = 100000;
    s.employees = 1000;
    s.teams = 50;
    s.roles = 12;
    s.customer_groups = 40;
    s.special_groups = 60;
    s.responsibilities = 250000;
    return s;
}

Status generate_demo(sqlite3* db, const DemoSize& size) {
    VASTUU_TRY(check_size(size));
    Result<bool> data = has_data(db);
    if (!data.ok()) return data.error();
    if (data.value()) return Error{"demo.not_empty", tr("error.demo.not_empty"), ""};

    // A savepoint works both inside a caller's transaction and as a transaction of its own.
    VASTUU_TRY(exec(db, "SAVEPOINT demo_data"));
    Rng rng(size.seed);
    Status filled = fill(db, size, rng);
    if (filled.ok()) {
        Status released = exec(db, "RELEASE demo_data");
        if (released.ok()) return {};
        filled = released;
    }
    sqlite3_exec(db, "ROLLBACK TO demo_data", nullptr, nullptr, nullptr);
    sqlite3_exec(db, "RELEASE demo_data", nullptr, nullptr, nullptr);
    return filled;
}

Status generate_demo(Engine& engine, const DemoSize& size) { return generate_demo(engine.handle(), size); }

}  // namespace vastuu
