// hostile_files: writes the hostile corpus (corpus.h) into a fresh folder and runs the command-line
// tool on every case. Usage: hostile_files VASTUU_BINARY [FOLDER]. Exit 0 when every case held.
#include <spawn.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "core/engine.h"
#include "io/demo_data.h"
#include "tests/hostile/corpus.h"

extern char** environ;

namespace fs = std::filesystem;

namespace {

std::string read_all(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void write_all(const fs::path& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
    for (size_t pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size()))
        s.replace(pos, from.size(), to);
    return s;
}

// Runs the program with the arguments; stdout and stderr into the files. Returns the exit code
// (-1 when it did not exit normally: a crash is a failure of its own).
int run(const std::vector<std::string>& argv, const fs::path& out, const fs::path& err) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&actions, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    pid_t pid = 0;
    int rc = posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) return -2;
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// Names in the folder that start with the file's name, other than the file itself: a -journal, a
// -wal or -shm left next to a file that was only to be read.
std::vector<std::string> siblings(const fs::path& file) {
    std::vector<std::string> out;
    const std::string stem = file.filename().string();
    for (const auto& entry : fs::directory_iterator(file.parent_path())) {
        const std::string name = entry.path().filename().string();
        if (name != stem && name.rfind(stem, 0) == 0) out.push_back(name);
    }
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: hostile_files VASTUU_BINARY [FOLDER]\n");
        return 2;
    }
    const std::string vastuu = fs::absolute(argv[1]).string();
    fs::path folder = argc > 2 ? fs::path(argv[2]) : fs::temp_directory_path() / ("vastuu-hostile-" + std::to_string(getpid()));
    fs::remove_all(folder);
    fs::create_directories(folder / "corpus");
    fs::create_directories(folder / "work");

    hostile::Context context{(folder / "corpus").string(), (folder / "demo.sqlite").string()};
    {
        auto engine = vastuu::Engine::open(context.demo_db);
        if (!engine.ok() || !vastuu::generate_demo(**engine, vastuu::demo_default()).ok()) {
            std::fprintf(stderr, "cannot make the demo database\n");
            return 2;
        }
    }
    const std::string demo_bytes = read_all(context.demo_db);

    hostile::Corpus corpus;
    hostile::add_text_file_cases(corpus, context);
    hostile::add_database_cases(corpus, context);

    int failures = 0;
    for (const hostile::Case& c : corpus) {
        const fs::path file = folder / "corpus" / c.name;
        write_all(file, c.bytes);
        const fs::path db = folder / "work" / (c.name + ".target.sqlite");
        write_all(db, demo_bytes);
        std::vector<std::string> args{vastuu};
        std::string shown = "vastuu";
        for (const std::string& a : c.args) {
            args.push_back(replace_all(replace_all(a, "{file}", file.string()), "{db}", db.string()));
            shown += " " + replace_all(replace_all(a, "{file}", c.name), "{db}", "demo.sqlite");
        }
        const fs::path out = folder / "work" / (c.name + ".stdout"), err = folder / "work" / (c.name + ".stderr");
        const int code = run(args, out, err);
        const std::string stdout_text = read_all(out), stderr_text = read_all(err);
        std::vector<std::string> problems;
        if (code != c.exit_code)
            problems.push_back("exit " + std::to_string(code) + ", expected " + std::to_string(c.exit_code));
        if (!c.stderr_has.empty() && stderr_text.find(c.stderr_has) == std::string::npos)
            problems.push_back("stderr lacks \"" + c.stderr_has + "\"");
        if (!c.stderr_lacks.empty() && stderr_text.find(c.stderr_lacks) != std::string::npos)
            problems.push_back("stderr has \"" + c.stderr_lacks + "\"");
        if (!c.stdout_has.empty() && stdout_text.find(c.stdout_has) == std::string::npos)
            problems.push_back("stdout lacks \"" + c.stdout_has + "\"");
        if (c.db_unchanged && read_all(db) != demo_bytes) problems.push_back("the database changed");
        if (c.file_unchanged) {
            if (read_all(file) != c.bytes) problems.push_back("the file changed");
            for (const std::string& s : siblings(file)) problems.push_back("left next to the file: " + s);
        }
        if (problems.empty()) {
            std::printf("ok    %s\n", shown.c_str());
            continue;
        }
        ++failures;
        std::printf("FAIL  %s\n", shown.c_str());
        for (const std::string& p : problems) std::printf("      %s\n", p.c_str());
        std::printf("      stderr: %s\n", stderr_text.substr(0, 600).c_str());
    }
    std::printf("%zu hostile files, %d failed (corpus in %s)\n", corpus.size(), failures, folder.c_str());
    if (failures == 0 && argc <= 2) fs::remove_all(folder);
    return failures == 0 ? 0 : 1;
}
