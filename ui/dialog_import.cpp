// The import dialog (File › Import data): the picked file's preview — what would be created, updated,
// left unchanged or is in conflict, per table — with the file's warnings and its row errors (line,
// field, message; a clipped table, there can be thousands), and for CSV the kind of rows. Nothing
// is written until Apply, which runs import.apply on the staged plan through App::run_command: one
// command, all or nothing, one undo step. Cancel discards the staged plan.
#include <imgui.h>

#include <algorithm>
#include <iterator>

#include "app.h"
#include "dialog_frame.h"
#include "item_hooks.h"
#include "theme.h"
#include "widgets.h"

namespace vastuu::ui {
namespace {

// The CSV kinds offered, in the combo's order; index 0 lets the engine detect it from the header.
constexpr const char* kKinds[] = {"auto", "customers", "employees", "responsibilities"};
constexpr int kShownErrorRows = 10;  // the error table's height in rows; more scroll
// The tables in the order an import writes them (import_runner.cpp); the report's JSON object
// sorts them by name.
constexpr const char* kTableOrder[] = {"team", "employee", "role", "customer_group", "customer_group_salesperson",
                                       "customer", "project", "special_group", "special_group_member",
                                       "responsibility"};

size_t table_rank(const std::string& table) {
    for (size_t i = 0; i < std::size(kTableOrder); ++i)
        if (table == kTableOrder[i]) return i;
    return std::size(kTableOrder);
}


ImportCounts counts_of(const nlohmann::json& j) {
    return ImportCounts{j.value("created", int64_t(0)), j.value("updated", int64_t(0)),
                        j.value("unchanged", int64_t(0)), j.value("conflicts", int64_t(0))};
}

std::vector<ImportIssue> issues_of(const nlohmann::json& list) {
    std::vector<ImportIssue> out;
    if (!list.is_array()) return out;
    out.reserve(list.size());
    for (const auto& i : list) {
        ImportIssue issue{i.value("line", int64_t(0)), i.value("path", std::string()), i.value("code", std::string()),
                          i.value("message", std::string())};
        // The engine's message starts with where the row is ("line 6, Name: ..."): the table has
        // columns for the line and the field.
        if (issue.line > 0) {
            std::string where = tr_format("import.line", {std::to_string(issue.line)});
            size_t colon = issue.message.find(": ");
            if (issue.message.compare(0, where.size(), where) == 0 && colon != std::string::npos)
                issue.message.erase(0, colon + 2);
        }
        out.push_back(std::move(issue));
    }
    return out;
}

// prepare_import()'s JSON answer as the report it describes.
ImportReport report_of(const nlohmann::json& j) {
    ImportReport r;
    parse_import_kind(j.value("kind", std::string("dataset")), r.kind);
    r.rows = j.value("rows", size_t(0));
    r.total = counts_of(j);
    if (j.contains("tables") && j["tables"].is_object())
        for (const auto& [name, counts] : j["tables"].items()) r.tables.emplace_back(name, counts_of(counts));
    std::stable_sort(r.tables.begin(), r.tables.end(),
                     [](const auto& a, const auto& b) { return table_rank(a.first) < table_rank(b.first); });
    r.errors = issues_of(j.value("errors", nlohmann::json::array()));
    r.warnings = issues_of(j.value("warnings", nlohmann::json::array()));
    return r;
}

void forget_staged(ImportDialog& d) {
    if (!d.token.empty()) discard_import(d.token);
    d.token.clear();
    d.previewed = false;
    d.report = ImportReport{};
    d.warnings_checked = false;
}

// Parses and previews the file with the chosen kind; a file refused as a whole leaves d.error.
void run_preview(App& app, ImportDialog& d) {
    forget_staged(d);
    d.error = Error{};
    if (!app.engine()) return;
    auto prepared = prepare_import(*app.engine(), d.bytes, d.format, d.format == "csv" ? kKinds[d.kind] : "");
    if (!prepared) {
        d.error = prepared.error();
        return;
    }
    d.token = prepared.value().value("token", std::string());
    d.report = report_of(prepared.value());
    d.previewed = true;
}

bool run_apply(App& app, ImportDialog& d) {
    auto result = app.run_command({{"cmd", "import.apply"}, {"token", d.token}});
    if (!result) {
        d.error = result.error();
        return false;
    }
    d.token.clear();  // used: the engine freed the plan
    const nlohmann::json& r = result.value();
    app.show_message(tr_format("import.done", {std::to_string(r.value("created", int64_t(0))),
                                               std::to_string(r.value("updated", int64_t(0))),
                                               std::to_string(r.value("unchanged", int64_t(0)))}));
    return true;
}

void close_dialog(ImportDialog& d) {
    forget_staged(d);
    d.bytes.clear();
    d.bytes.shrink_to_fit();  // a 50 MB file is not kept after the dialog closes
    d.error = Error{};
}

std::string table_name(const std::string& table) {
    std::string key = "import.table." + table;
    return tr(key.c_str());
}

void draw_kind_chooser(App& app, ImportDialog& d, float s) {
    field_label(tr("import.kind"));
    ImVec2 pos = ImGui::GetCursorScreenPos();
    const float w = 260 * s;
    ImGui::SetNextItemWidth(w);
    std::string preview = tr(("import.kind." + std::string(kKinds[d.kind])).c_str());
    if (d.kind == 0 && d.previewed)  // say what the header row told
        preview = tr_format("import.kind.detected", {tr(("import.kind." + std::string(import_kind_name(d.report.kind))).c_str())});
    if (ImGui::BeginCombo("###import.kind", preview.c_str())) {
        for (int i = 0; i < static_cast<int>(std::size(kKinds)); ++i) {
            std::string key = "import.kind." + std::string(kKinds[i]);
            if (ImGui::Selectable(with_id(key.c_str(), key).c_str(), i == d.kind) && i != d.kind) {
                d.kind = i;
                run_preview(app, d);
            }
        }
        ImGui::EndCombo();
    }
    record_item("import.kind", pos.x, pos.y, pos.x + w, pos.y + ImGui::GetFrameHeight());
    note_visible_text(preview);
}

void draw_counts(const ImportReport& r) {
    const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp;
    if (!ImGui::BeginTable("###import.counts", 5, flags)) return;
    ImGui::TableSetupColumn(tr("import.col.table"), ImGuiTableColumnFlags_WidthStretch, 2.0f);
    ImGui::TableSetupColumn(tr("import.col.created"), ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn(tr("import.col.updated"), ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn(tr("import.col.unchanged"), ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn(tr("import.col.conflicts"), ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableHeadersRow();
    auto row = [](const std::string& name, const ImportCounts& c, const std::string& path) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImVec2 start = ImGui::GetCursorScreenPos();
        cell_text(name);
        for (int64_t n : {c.created, c.updated, c.unchanged, c.conflicts}) {
            ImGui::TableNextColumn();
            cell_text(std::to_string(n), n == 0);  // zeros muted: the eye finds what changes
        }
        ImVec2 end = ImGui::GetItemRectMax();
        record_item(path, start.x, start.y, end.x, end.y);
    };
    for (const auto& [table, counts] : r.tables) row(table_name(table), counts, "import.counts." + table);
    if (r.tables.size() != 1) row(tr("import.total"), r.total, "import.counts.total");
    ImGui::EndTable();
}

// The row errors, clipped: only the rows on screen are drawn, so thousands cost nothing.
void draw_errors(const std::vector<ImportIssue>& errors, float s) {
    const float row_h = ImGui::GetTextLineHeightWithSpacing() + 2 * s;
    const int shown = std::min(static_cast<int>(errors.size()), kShownErrorRows);
    const float height = row_h * static_cast<float>(shown + 1) + 4 * s;
    const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY |
                                  ImGuiTableFlags_SizingFixedFit;
    ImVec2 pos = ImGui::GetCursorScreenPos();
    if (!ImGui::BeginTable("###import.errors", 3, flags, ImVec2(0, height))) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn(tr("import.col.line"), ImGuiTableColumnFlags_WidthFixed, 60 * s);
    ImGui::TableSetupColumn(tr("import.col.field"), ImGuiTableColumnFlags_WidthFixed, 150 * s);
    ImGui::TableSetupColumn(tr("import.col.message"), ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableHeadersRow();
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(errors.size()));
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const ImportIssue& e = errors[static_cast<size_t>(i)];
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            float y0 = ImGui::GetCursorScreenPos().y;
            cell_text(e.line > 0 ? std::to_string(e.line) : "", true);
            ImGui::TableNextColumn();
            cell_text(e.path);
            ImGui::TableNextColumn();
            ImGui::PushStyleColor(ImGuiCol_Text, palette().error);
            cell_text(e.message);
            ImGui::PopStyleColor();
            // A long message is cut at the table's edge; hovering shows all of it.
            if (ImGui::IsItemHovered(ImGuiHoveredFlags_DelayShort)) ImGui::SetTooltip("%s", e.message.c_str());
            record_item("import.error." + std::to_string(i), pos.x, y0, ImGui::GetItemRectMax().x,
                        ImGui::GetItemRectMax().y);
        }
    }
    ImGui::EndTable();
    ImVec2 end = ImGui::GetItemRectMax();
    record_item("import.errors", pos.x, pos.y, end.x, end.y);
}

}  // namespace

void open_import_dialog(App& app, ImportDialog& d, std::string file_name, std::string bytes) {
    forget_staged(d);
    d.file_name = std::move(file_name);
    d.bytes = std::move(bytes);
    d.format = import_format_of(d.file_name, d.bytes);
    d.kind = 0;
    // Parsing a big file blocks this frame; in the browser web/pre.js shows its busy overlay first.
    run_preview(app, d);
    d.open_request = true;
}

void draw_import_dialog(App& app, ImportDialog& d) {
    const float s = app.scale();
    if (d.open_request) {
        ImGui::OpenPopup("###import_dialog");
        d.open_request = false;
    }
    std::string title = with_id("import.title", "import_dialog");
    if (!begin_dialog(title.c_str(), 760 * s)) return;

    // The file and its format.
    std::string file = tr_format(d.format == "json" ? "import.file_json" : "import.file_csv", {d.file_name});
    ImGui::TextUnformatted(file.c_str());
    record_last_item("import.file");
    note_visible_text(file);
    if (d.format == "csv") draw_kind_chooser(app, d, s);
    ImGui::Spacing();

    const ImportReport& r = d.report;
    if (d.previewed) {
        std::string rows = tr_count("import.rows", (long long)r.rows, {std::to_string(r.rows)});
        ImGui::TextUnformatted(rows.c_str());
        record_last_item("import.rows");
        note_visible_text(rows);
        draw_counts(r);
        ImGui::Spacing();
        for (size_t i = 0; i < r.warnings.size(); ++i) {
            ImGui::PushTextWrapPos(0.0f);
            ImGui::TextUnformatted(r.warnings[i].message.c_str());
            ImGui::PopTextWrapPos();
            record_last_item("import.warning." + std::to_string(i));
            note_visible_text(r.warnings[i].message);
        }
        if (!r.warnings.empty() && r.errors.empty()) {
            ImGui::Checkbox(with_id("import.warnings_checked", "import.warnings_checked").c_str(), &d.warnings_checked);
            record_last_item("import.warnings_checked");
        }
        if (!r.errors.empty()) {
            std::string count = tr_count("import.error_count", (long long)r.errors.size(), {std::to_string(r.errors.size())});
            ImGui::PushStyleColor(ImGuiCol_Text, palette().error);
            ImGui::PushTextWrapPos(0.0f);
            ImGui::TextUnformatted(count.c_str());
            ImGui::PopTextWrapPos();
            ImGui::PopStyleColor();
            record_last_item("import.error_count");
            note_visible_text(count);
            draw_errors(r.errors, s);
        } else if (r.total.created + r.total.updated == 0) {
            cell_text(tr("import.nothing_to_do"), true);
        }
    }
    // The file refused as a whole, or Apply refused (read-only tab, the database changed meanwhile).
    if (!d.error.code.empty()) {
        form_error(d.error, {});
        record_last_item("import.error");
    }
    ImGui::Spacing();

    dialog_footer();
    const bool can_apply = d.previewed && !d.token.empty() && r.errors.empty() && r.total.created + r.total.updated > 0 &&
                           (r.warnings.empty() || d.warnings_checked);
    DialogButtons pressed = dialog_buttons("import", s, "import.apply", can_apply);
    if (pressed.save && can_apply && run_apply(app, d)) {
        close_dialog(d);
        ImGui::CloseCurrentPopup();
    } else if (pressed.cancel) {
        close_dialog(d);
        ImGui::CloseCurrentPopup();
    }
    end_dialog();
}

}  // namespace vastuu::ui
