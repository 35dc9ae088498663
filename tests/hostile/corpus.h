// The hostile-file corpus (tests/hostile/): files a careful user or an attacker could hand to Vastuu,
// made at test time (nothing here is committed as data), each with what the command-line tool must do
// with it. hostile_files (main.cpp) writes every case into a fresh folder, runs `vastuu` on it and
// checks the exit code, the error code on stderr and that the database it was run against is byte
// for byte what it was when the command refused.
#pragma once
#include <functional>
#include <string>
#include <vector>

namespace hostile {

struct Case {
    std::string name;               // file name in the corpus folder: "csv_mixed_encoding.csv"
    std::string bytes;              // the file's contents
    // The arguments after `vastuu`. "{file}" is this case's file, "{db}" a fresh copy of the demo
    // database made for this case alone (so one case cannot spoil the next).
    std::vector<std::string> args;
    int exit_code = 1;              // what `vastuu` must exit with
    std::string stderr_has;         // a text stderr must contain (an error code): "" = anything
    std::string stderr_lacks;       // a text stderr must not contain: "" = nothing forbidden
    std::string stdout_has;         // a text stdout must contain: "" = anything
    bool db_unchanged = true;       // {db} must be byte for byte as before
    bool file_unchanged = true;     // {file} must be byte for byte as before, with nothing next to it
};

using Corpus = std::vector<Case>;

// Context for the generators: `demo_db` is the path of the demo database (read-only for them: they
// may copy it or read it, e.g. to make an altered database from it).
struct Context {
    std::string folder;
    std::string demo_db;
};

// Text files: CSV (encodings, records, formula guards, numbers, dates) and JSON documents.
void add_text_file_cases(Corpus& corpus, const Context& context);
// Database files: truncated, foreign, altered schemas, broken constraints, WAL mode.
void add_database_cases(Corpus& corpus, const Context& context);

}  // namespace hostile
