// The test-only xlsx reader: zip central directory + zlib raw inflate, then a scan of the worksheet
// XML for <c> elements. It trusts the writer to produce well-formed XML.
#include "xlsx_reader.h"

#include <zlib.h>

#include <cctype>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace xlsx_test {
namespace {

uint32_t le16(const std::vector<uint8_t>& b, size_t at) { return b[at] | (uint32_t(b[at + 1]) << 8); }
uint32_t le32(const std::vector<uint8_t>& b, size_t at) { return le16(b, at) | (le16(b, at + 2) << 16); }

struct Entry {
    std::string name;
    uint32_t method = 0;
    uint32_t compressed = 0;
    uint32_t uncompressed = 0;
    uint32_t local_offset = 0;
};

// Reads the central directory; empty when the end record is missing or damaged.
std::vector<Entry> directory(const std::vector<uint8_t>& zip) {
    std::vector<Entry> out;
    if (zip.size() < 22) return out;
    size_t eocd = std::string::npos;
    for (size_t i = zip.size() - 22 + 1; i-- > 0 && zip.size() - i <= 22 + 65535;)
        if (le32(zip, i) == 0x06054b50) {
            eocd = i;
            break;
        }
    if (eocd == std::string::npos) return out;
    size_t count = le16(zip, eocd + 10);
    size_t at = le32(zip, eocd + 16);
    for (size_t n = 0; n < count; ++n) {
        if (at + 46 > zip.size() || le32(zip, at) != 0x02014b50) return {};
        Entry e;
        e.method = le16(zip, at + 10);
        e.compressed = le32(zip, at + 20);
        e.uncompressed = le32(zip, at + 24);
        size_t name_len = le16(zip, at + 28), extra_len = le16(zip, at + 30), comment_len = le16(zip, at + 32);
        e.local_offset = le32(zip, at + 42);
        if (at + 46 + name_len > zip.size()) return {};
        e.name.assign(reinterpret_cast<const char*>(&zip[at + 46]), name_len);
        out.push_back(e);
        at += 46 + name_len + extra_len + comment_len;
    }
    return out;
}

std::string attribute(const std::string& tag, const char* name) {
    std::string key = std::string(" ") + name + "=\"";
    size_t p = tag.find(key);
    if (p == std::string::npos) return "";
    p += key.size();
    size_t q = tag.find('"', p);
    return q == std::string::npos ? "" : tag.substr(p, q - p);
}

// Concatenated text of every <t>...</t> (or <t .../>) inside `xml`, unescaped.
std::string all_t_text(const std::string& xml) {
    std::string out;
    size_t p = 0;
    while ((p = xml.find("<t", p)) != std::string::npos) {
        char after = p + 2 < xml.size() ? xml[p + 2] : '\0';
        if (after != '>' && after != ' ' && after != '/') {  // <tableParts> and friends
            p += 2;
            continue;
        }
        size_t open_end = xml.find('>', p);
        if (open_end == std::string::npos) break;
        if (xml[open_end - 1] == '/') {
            p = open_end + 1;
            continue;
        }
        size_t close = xml.find("</t>", open_end);
        if (close == std::string::npos) break;
        out += xml_unescape(xml.substr(open_end + 1, close - open_end - 1));
        p = close + 4;
    }
    return out;
}

std::vector<std::string> shared_strings(const std::vector<uint8_t>& zip) {
    std::vector<std::string> out;
    auto xml = zip_entry(zip, "xl/sharedStrings.xml");
    if (!xml) return out;
    size_t p = 0;
    while ((p = xml->find("<si", p)) != std::string::npos) {
        size_t end = xml->find("</si>", p);
        if (end == std::string::npos) break;
        out.push_back(all_t_text(xml->substr(p, end - p)));
        p = end + 5;
    }
    return out;
}

// "BC12" -> col 54, row 11 (0-based).
void parse_ref(const std::string& ref, int& row, int& col) {
    size_t i = 0;
    col = 0;
    for (; i < ref.size() && ref[i] >= 'A' && ref[i] <= 'Z'; ++i) col = col * 26 + (ref[i] - 'A' + 1);
    col -= 1;
    row = std::atoi(ref.c_str() + i) - 1;
}

}  // namespace

std::vector<std::string> zip_entry_names(const std::vector<uint8_t>& zip) {
    std::vector<std::string> names;
    for (const Entry& e : directory(zip)) names.push_back(e.name);
    return names;
}

std::optional<std::string> zip_entry(const std::vector<uint8_t>& zip, const std::string& name) {
    for (const Entry& e : directory(zip)) {
        if (e.name != name) continue;
        size_t at = e.local_offset;
        if (at + 30 > zip.size() || le32(zip, at) != 0x04034b50) return std::nullopt;
        size_t data = at + 30 + le16(zip, at + 26) + le16(zip, at + 28);
        if (data + e.compressed > zip.size()) return std::nullopt;
        if (e.method == 0) return std::string(reinterpret_cast<const char*>(&zip[data]), e.compressed);
        if (e.method != 8) return std::nullopt;

        std::string out(e.uncompressed, '\0');
        z_stream zs;
        std::memset(&zs, 0, sizeof zs);
        if (inflateInit2(&zs, -MAX_WBITS) != Z_OK) return std::nullopt;
        zs.next_in = const_cast<Bytef*>(&zip[data]);
        zs.avail_in = e.compressed;
        zs.next_out = reinterpret_cast<Bytef*>(&out[0]);
        zs.avail_out = e.uncompressed;
        int rc = e.uncompressed == 0 ? Z_STREAM_END : inflate(&zs, Z_FINISH);
        inflateEnd(&zs);
        if (rc != Z_STREAM_END || zs.total_out != e.uncompressed) return std::nullopt;
        return out;
    }
    return std::nullopt;
}

std::string utf8_encode(uint32_t cp) {
    std::string out;
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
    return out;
}

std::string xml_unescape(const std::string& s) {
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '&') {
            out += s[i];
            continue;
        }
        size_t semi = s.find(';', i);
        if (semi == std::string::npos) {
            out += s[i];
            continue;
        }
        std::string ent = s.substr(i + 1, semi - i - 1);
        if (ent == "amp") out += '&';
        else if (ent == "lt") out += '<';
        else if (ent == "gt") out += '>';
        else if (ent == "quot") out += '"';
        else if (ent == "apos") out += '\'';
        else if (!ent.empty() && ent[0] == '#') {
            unsigned long cp = ent.size() > 1 && (ent[1] == 'x' || ent[1] == 'X') ? std::strtoul(ent.c_str() + 2, nullptr, 16)
                                                                                 : std::strtoul(ent.c_str() + 1, nullptr, 10);
            out += utf8_encode(static_cast<uint32_t>(cp));
        } else {
            out += s.substr(i, semi - i + 1);
        }
        i = semi;
    }
    return out;
}

std::vector<XlsxCell> sheet_cells(const std::vector<uint8_t>& zip, int sheet) {
    std::vector<XlsxCell> cells;
    auto xml = zip_entry(zip, "xl/worksheets/sheet" + std::to_string(sheet) + ".xml");
    if (!xml) return cells;
    std::vector<std::string> strings = shared_strings(zip);
    size_t p = 0;
    while ((p = xml->find("<c ", p)) != std::string::npos) {
        size_t tag_end = xml->find('>', p);
        if (tag_end == std::string::npos) break;
        std::string tag = xml->substr(p, tag_end - p + 1);
        XlsxCell c;
        parse_ref(attribute(tag, "r"), c.row, c.col);
        c.type = attribute(tag, "t");
        c.style = std::atoi(attribute(tag, "s").c_str());
        std::string body;
        if ((*xml)[tag_end - 1] == '/') {
            p = tag_end + 1;
        } else {
            size_t close = xml->find("</c>", tag_end);
            if (close == std::string::npos) break;
            body = xml->substr(tag_end + 1, close - tag_end - 1);
            p = close + 4;
        }
        c.has_formula = body.find("<f>") != std::string::npos || body.find("<f ") != std::string::npos;
        std::string v;
        size_t vs = body.find("<v>");
        if (vs != std::string::npos) {
            size_t ve = body.find("</v>", vs);
            v = xml_unescape(body.substr(vs + 3, ve - vs - 3));
        }
        if (c.type == "s") {
            size_t index = static_cast<size_t>(std::atoi(v.c_str()));
            c.value = index < strings.size() ? strings[index] : "";
        } else if (c.type == "inlineStr") {
            c.value = all_t_text(body);
        } else {
            c.value = v;
        }
        cells.push_back(c);
    }
    return cells;
}

std::vector<std::vector<std::string>> sheet_rows(const std::vector<uint8_t>& zip, int sheet) {
    std::vector<std::vector<std::string>> rows;
    for (const XlsxCell& c : sheet_cells(zip, sheet)) {
        if (c.row < 0 || c.col < 0) continue;
        if (rows.size() <= static_cast<size_t>(c.row)) rows.resize(c.row + 1);
        auto& row = rows[c.row];
        if (row.size() <= static_cast<size_t>(c.col)) row.resize(c.col + 1);
        row[c.col] = c.value;
    }
    return rows;
}


namespace {

// XML 1.0's Char production.
bool xml_char(uint32_t c) {
    return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) ||
           (c >= 0x10000 && c <= 0x10FFFF);
}

// Decodes one UTF-8 sequence at s[i] strictly; 0 when it is not valid UTF-8.
size_t utf8_at(const std::string& s, size_t i, uint32_t& cp) {
    const unsigned char b = static_cast<unsigned char>(s[i]);
    size_t len = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 0;
    if (len == 0 || i + len > s.size()) return 0;
    cp = len == 1 ? b : len == 2 ? (b & 0x1F) : len == 3 ? (b & 0x0F) : (b & 0x07);
    for (size_t k = 1; k < len; ++k) {
        const unsigned char c = static_cast<unsigned char>(s[i + k]);
        if ((c & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (c & 0x3F);
    }
    static const uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    return len;
}

bool name_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == ':' || c == '_' || c == '-' || c == '.' ||
           static_cast<unsigned char>(c) >= 0x80;
}

}  // namespace

bool xml_well_formed(const std::string& xml, std::string* problem) {
    auto fail = [&](size_t at, const std::string& what) {
        if (problem) *problem = what + " at byte " + std::to_string(at);
        return false;
    };
    for (size_t i = 0; i < xml.size();) {
        uint32_t cp = 0;
        const size_t len = utf8_at(xml, i, cp);
        if (len == 0) return fail(i, "invalid UTF-8");
        if (!xml_char(cp)) {
            char shown[16];
            std::snprintf(shown, sizeof shown, "U+%04X", static_cast<unsigned>(cp));
            return fail(i, std::string("character ") + shown + " not allowed in XML");
        }
        i += len;
    }
    // An entity or character reference at s[i] == '&': its length, 0 when it is not a valid one.
    auto reference = [&](size_t i) -> size_t {
        const size_t end = xml.find(';', i);
        if (end == std::string::npos || end - i > 12) return 0;
        const std::string body = xml.substr(i + 1, end - i - 1);
        if (body == "amp" || body == "lt" || body == "gt" || body == "quot" || body == "apos") return end - i + 1;
        if (body.size() < 2 || body[0] != '#') return 0;
        const bool hex = body[1] == 'x';
        const std::string digits = body.substr(hex ? 2 : 1);
        if (digits.empty()) return 0;
        for (char c : digits)
            if (!(hex ? std::isxdigit(static_cast<unsigned char>(c)) : std::isdigit(static_cast<unsigned char>(c)))) return 0;
        const unsigned long v = std::strtoul(digits.c_str(), nullptr, hex ? 16 : 10);
        return xml_char(static_cast<uint32_t>(v)) ? end - i + 1 : 0;
    };
    std::vector<std::string> open;
    bool root_seen = false;
    size_t i = 0;
    while (i < xml.size()) {
        if (xml[i] == '&') {
            const size_t n = reference(i);
            if (n == 0) return fail(i, "bad reference");
            i += n;
            continue;
        }
        if (xml[i] != '<') {
            if (open.empty() && !std::isspace(static_cast<unsigned char>(xml[i])))
                return fail(i, "text outside the root element");
            ++i;
            continue;
        }
        if (xml.compare(i, 2, "<?") == 0) {
            const size_t end = xml.find("?>", i);
            if (end == std::string::npos) return fail(i, "unterminated processing instruction");
            i = end + 2;
            continue;
        }
        if (xml.compare(i, 4, "<!--") == 0) {
            const size_t end = xml.find("-->", i);
            if (end == std::string::npos) return fail(i, "unterminated comment");
            i = end + 3;
            continue;
        }
        if (xml.compare(i, 9, "<![CDATA[") == 0) {
            const size_t end = xml.find("]]>", i);
            if (end == std::string::npos || open.empty()) return fail(i, "bad CDATA section");
            i = end + 3;
            continue;
        }
        const bool closing = i + 1 < xml.size() && xml[i + 1] == '/';
        size_t j = i + (closing ? 2 : 1);
        const size_t name_start = j;
        while (j < xml.size() && name_char(xml[j])) ++j;
        const std::string name = xml.substr(name_start, j - name_start);
        if (name.empty()) return fail(i, "a tag without a name");
        if (closing) {
            while (j < xml.size() && std::isspace(static_cast<unsigned char>(xml[j]))) ++j;
            if (j >= xml.size() || xml[j] != '>') return fail(i, "bad end tag");
            if (open.empty() || open.back() != name) return fail(i, "end tag </" + name + "> does not close the open element");
            open.pop_back();
            i = j + 1;
            continue;
        }
        if (open.empty() && root_seen) return fail(i, "a second root element");
        // Attributes: name="value" or name='value', values without '<' and with valid references.
        for (;;) {
            while (j < xml.size() && std::isspace(static_cast<unsigned char>(xml[j]))) ++j;
            if (j >= xml.size()) return fail(i, "unterminated start tag");
            if (xml[j] == '>' || xml.compare(j, 2, "/>") == 0) break;
            const size_t attr = j;
            while (j < xml.size() && name_char(xml[j])) ++j;
            if (j == attr || j >= xml.size() || xml[j] != '=') return fail(j, "bad attribute in <" + name + ">");
            ++j;
            if (j >= xml.size() || (xml[j] != '"' && xml[j] != '\'')) return fail(j, "unquoted attribute value");
            const char quote = xml[j++];
            while (j < xml.size() && xml[j] != quote) {
                if (xml[j] == '<') return fail(j, "'<' in an attribute value");
                if (xml[j] == '&') {
                    const size_t n = reference(j);
                    if (n == 0) return fail(j, "bad reference in an attribute value");
                    j += n;
                    continue;
                }
                ++j;
            }
            if (j >= xml.size()) return fail(attr, "unterminated attribute value");
            ++j;
        }
        root_seen = true;
        if (xml[j] == '/') {
            i = j + 2;
        } else {
            open.push_back(name);
            i = j + 1;
        }
    }
    if (!open.empty()) return fail(xml.size(), "<" + open.back() + "> is never closed");
    if (!root_seen) return fail(0, "no root element");
    return true;
}

}  // namespace xlsx_test
