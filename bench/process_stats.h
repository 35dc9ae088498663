// What the server benches (server_load.cpp, server_soak.cpp) read about a process and a sample:
// CPU time and memory from /proc, and percentiles. Linux only, as the benches are.
#pragma once
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

namespace vastuu_bench {

// The process's CPU time (user + system) in seconds, from /proc/PID/stat.
inline double cpu_seconds(int pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto close = stat.rfind(')');
    if (close == std::string::npos) return 0;
    std::istringstream fields(stat.substr(close + 2));
    std::string f;
    long utime = 0, stime = 0;
    for (int i = 3; fields >> f; ++i) {
        if (i == 14) utime = std::atol(f.c_str());
        if (i == 15) { stime = std::atol(f.c_str()); break; }
    }
    return double(utime + stime) / sysconf(_SC_CLK_TCK);
}

// A field of /proc/PID/status in KiB ("VmRSS", "VmHWM"); 0 when the process is gone.
inline long status_kib(int pid, const std::string& field) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind(field + ":", 0) == 0) return std::atol(line.c_str() + field.size() + 1);
    return 0;
}

// The value at fraction `p` (0..1) of the sorted sample, 0 for none.
inline double percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    size_t i = static_cast<size_t>(p * (v.size() - 1) + 0.5);
    return v[std::min(i, v.size() - 1)];
}

}  // namespace vastuu_bench
