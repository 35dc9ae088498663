// Frame time of the responsibilities matrix on the scale dataset (50,000 customers × 1,000
// employees), natively and with no window: ImGui's null backend (io.DisplaySize, a built font
// atlas), then NewFrame + draw_matrix_view + Render while the grid scrolls on both axes.
// Usage: matrix_frame_bench [DATABASE] [FRAMES]. DATABASE is copied first (never changed); without
// it the scale dataset is generated into a temporary file. Prints one JSON object.
#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "app.h"
#include "io/demo_data.h"
#include "core/engine.h"
#include "item_hooks.h"
#include "view_matrix.h"

using namespace vastuu;
using namespace vastuu::ui;
using Clock = std::chrono::steady_clock;

namespace {

class BenchPlatform final : public Platform {
public:
    void download(const std::string&, const std::string&, const std::vector<uint8_t>&) override {}
    void ask_open_database() override {}
    void database_changed() override {}
    SaveState save_state() const override { return SaveState::Saved; }
    void request_redraw() override {}
    std::string load_setting(const std::string&) override { return ""; }
    void save_setting(const std::string&, const std::string&) override {}
};

double ms_since(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

double percentile(std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    size_t i = std::min(v.size() - 1, static_cast<size_t>(p * double(v.size() - 1) + 0.5));
    return v[i];
}

void fail(const std::string& what) {
    std::fprintf(stderr, "matrix_frame_bench: %s\n", what.c_str());
    std::exit(1);
}

}  // namespace

int main(int argc, char** argv) {
    const std::string db_path = "/tmp/vastuu_matrix_bench.sqlite";
    const int frames = argc > 2 ? std::max(300, std::atoi(argv[2])) : 600;
    for (const char* suffix : {"", "-journal", "-wal", "-shm"}) std::remove((db_path + suffix).c_str());
    auto setup_start = Clock::now();
    if (argc > 1) {
        std::ifstream in(argv[1], std::ios::binary);
        std::ofstream out(db_path, std::ios::binary | std::ios::trunc);
        out << in.rdbuf();
        if (!in.good() || !out.good()) fail(std::string("cannot copy ") + argv[1]);
    } else {
        auto engine = Engine::open(db_path);
        if (!engine) fail(engine.error().message);
        Status s = generate_demo(*engine.value(), demo_scale());
        if (!s) fail(s.error().message);
    }
    const double setup_ms = ms_since(setup_start);

    ImGuiContext* ctx = ImGui::CreateContext();
    install_item_hooks(ctx);
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(1920, 1080);
    load_fonts(io.Fonts, nullptr, 0, 1.0f);
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);

    BenchPlatform platform;
    AppOptions options;
    options.database_path = db_path;
    App app(platform, options);
    if (!app.start()) fail(app.last_error().message);
    MatrixView view;

    auto draw_frame = [&] {
        io.DeltaTime = 1.0f / 60.0f;
        ImGui::NewFrame();
        ImGui::SetNextWindowPos(ImVec2(0, 0));
        ImGui::SetNextWindowSize(io.DisplaySize);
        ImGui::Begin("###bench", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoSavedSettings);
        draw_matrix_view(app, view);
        ImGui::End();
        ImGui::Render();
    };

    auto load_start = Clock::now();
    draw_frame();  // loads the model
    const double first_frame_ms = ms_since(load_start);
    const size_t rows = view.model.row_count(), cols = view.model.column_count();
    if (rows < 1000 || cols < 100) fail("the dataset is not the scale dataset (" + std::to_string(rows) + " rows)");

    // The mouse rests over the cells, so hover bands are drawn too.
    io.AddMousePosEvent(900, 600);
    for (int i = 0; i < 10; ++i) draw_frame();

    std::vector<double> samples;
    samples.reserve(size_t(frames));
    size_t vertices = 0;
    for (int i = 0; i < frames; ++i) {
        view.grid.scroll_request = true;
        view.grid.scroll_y = float((size_t(i) * 997) % rows) * 22.0f;
        view.grid.scroll_x = float((size_t(i) * 7) % (cols - 50)) * 28.0f;
        auto start = Clock::now();
        draw_frame();
        samples.push_back(ms_since(start));
        vertices = std::max(vertices, size_t(ImGui::GetDrawData()->TotalVtxCount));
    }
    std::printf(
        "{\"matrix_frame_p50_ms_native\": %.3f, \"matrix_frame_p95_ms_native\": %.3f, \"matrix_frame_max_ms_native\": "
        "%.3f, \"matrix_first_frame_ms_native\": %.1f, \"setup_ms\": %.0f, \"frames\": %d, \"rows\": %zu, "
        "\"columns\": %zu, \"max_vertices\": %zu}\n",
        percentile(samples, 0.5), percentile(samples, 0.95), percentile(samples, 1.0), first_frame_ms, setup_ms, frames,
        rows, cols, vertices);
    ImGui::DestroyContext(ctx);
    for (const char* suffix : {"", "-journal", "-wal", "-shm"}) std::remove((db_path + suffix).c_str());
    return 0;
}
