// Reading a handed-over database file into memory (database_file.h). The header's layout is
// SQLite's file format (https://sqlite.org/fileformat2.html#the_database_header): the 16-byte magic,
// the page size at offset 16, the read and write versions at 18 and 19 (2: WAL), the change counter
// at 24, the page count at 28 (valid when the "version-valid-for" number at 92 equals the counter).
#include "core/database_file.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>

#include "core/i18n.h"

namespace vastuu {
namespace {

uint32_t be16(const unsigned char* p) { return (uint32_t(p[0]) << 8) | p[1]; }
uint32_t be32(const unsigned char* p) {
    return (uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) | (uint32_t(p[2]) << 8) | p[3];
}

Error truncated(const std::string& shown_as, uint64_t have, uint64_t want) {
    return Error{"db.truncated", tr_format("error.db.truncated", {shown_as, std::to_string(have), std::to_string(want)}), ""};
}

// The file's size, or -1 when it does not exist.
int64_t size_of(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 ? static_cast<int64_t>(st.st_size) : -1;
}

// What the first 100 bytes say: an error, or nothing (the header is SQLite's and the length agrees).
Status check_header(const unsigned char* h, uint64_t size, const std::string& shown_as) {
    if (size == 0) return Error{"db.empty_file", tr_format("error.db.empty_file", {shown_as}), ""};
    if (size < 16 || std::memcmp(h, "SQLite format 3", 16) != 0)
        return Error{"db.not_a_database", tr_format("error.db.not_a_database", {shown_as}), ""};
    uint32_t page_size = size >= 18 ? be16(h + 16) : 0;
    if (page_size == 1) page_size = 65536;
    const bool page_size_ok = page_size >= 512 && page_size <= 65536 && (page_size & (page_size - 1)) == 0;
    if (size >= 18 && !page_size_ok)
        return Error{"db.corrupt", tr("error.db.corrupt"), "", "page size " + std::to_string(page_size) + " in the header"};
    // A database is at least one page; the header alone is 100 bytes.
    if (size < 100) return truncated(shown_as, size, page_size_ok ? page_size : 512);
    const uint64_t pages = be32(h + 28);
    if (pages > 0 && be32(h + 24) == be32(h + 92)) {
        if (size < pages * page_size) return truncated(shown_as, size, pages * page_size);
    } else if (size % page_size != 0) {
        // A header from a writer that keeps no page count (SQLite before 3.7.0): whole pages only.
        return truncated(shown_as, size, (size / page_size + 1) * page_size);
    }
    return {};
}

}  // namespace

Result<sqlite3*> open_file_copy(const std::string& path, const std::string& shown_as, std::vector<Error>& warnings) {
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) return Error{"db.cannot_open", tr_format("error.db.cannot_open", {shown_as}), "", std::strerror(errno)};
    struct stat st {};
    const int64_t size = ::fstat(fileno(f), &st) == 0 ? static_cast<int64_t>(st.st_size) : -1;
    if (size < 0 || static_cast<uint64_t>(size) > static_cast<uint64_t>(SIZE_MAX / 2)) {
        std::fclose(f);
        return Error{"db.cannot_open", tr_format("error.db.cannot_open", {shown_as}), "", "cannot read the file's size"};
    }
    unsigned char header[100] = {};
    const size_t head = std::fread(header, 1, sizeof header, f);
    if (Status checked = check_header(header, head < sizeof header ? head : static_cast<uint64_t>(size), shown_as); !checked) {
        std::fclose(f);
        return checked.error();
    }

    const bool wal = header[18] == 2 || header[19] == 2;
    if (wal) {
        const int64_t wal_size = size_of(path + "-wal");
        if (wal_size > 0) {
            std::fclose(f);
            return Error{"db.wal_pending", tr_format("error.db.wal_pending", {shown_as}), ""};
        }
        // An empty -wal holds nothing; a missing one may have been left behind by a copy.
        if (wal_size < 0) warnings.push_back(Error{"db.wal_missing", tr_format("warning.db.wal_missing", {shown_as}), ""});
    }

    // The copy SQLite owns (and frees on close or on a failed deserialize).
    auto* bytes = static_cast<unsigned char*>(sqlite3_malloc64(static_cast<sqlite3_uint64>(size)));
    if (!bytes) {
        std::fclose(f);
        return Error{"db.cannot_open", tr_format("error.db.cannot_open", {shown_as}), "", "out of memory"};
    }
    std::memcpy(bytes, header, sizeof header);
    const size_t rest = static_cast<size_t>(size) - sizeof header;
    const bool read_all = std::fread(bytes + sizeof header, 1, rest, f) == rest;
    std::fclose(f);
    if (!read_all) {
        sqlite3_free(bytes);
        return Error{"db.cannot_open", tr_format("error.db.cannot_open", {shown_as}), "", "the file changed while it was read"};
    }
    // An in-memory database cannot be in WAL mode: the copy says "rollback journal" (1), which
    // changes nothing else about how its pages read.
    if (wal) bytes[18] = bytes[19] = 1;

    sqlite3* db = nullptr;
    if (sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK) {
        Error e{"db.cannot_open", tr_format("error.db.cannot_open", {shown_as}), "", db ? sqlite3_errmsg(db) : "?"};
        sqlite3_free(bytes);
        sqlite3_close(db);
        return e;
    }
    const int rc = sqlite3_deserialize(db, "main", bytes, size, size,
                                       SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE);
    // The header was SQLite's, so SQLite's "file is not a database" from here on means damage.
    sqlite3_stmt* probe = nullptr;
    int step = rc;
    if (rc == SQLITE_OK && sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_schema", -1, &probe, nullptr) == SQLITE_OK)
        step = sqlite3_step(probe);
    else if (rc == SQLITE_OK)
        step = sqlite3_errcode(db);
    sqlite3_finalize(probe);
    if (step != SQLITE_ROW) {
        Error e{"db.corrupt", tr("error.db.corrupt"), "", sqlite3_errmsg(db)};
        sqlite3_close(db);
        return e;
    }
    return db;
}

}  // namespace vastuu
