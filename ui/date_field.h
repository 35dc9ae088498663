// Dates as the user reads and types them: Finnish "31.12.2026" (and "31.12." for the current year),
// English ISO "2026-12-31"; ISO is accepted in both languages. The engine keeps and checks ISO days
// (its date rules decide what is valid); this turns the user's notation into ISO and back. Also
// the date field every form uses: a text field with a calendar popup.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace vastuu::ui {

// "2026-12-31" shown in the UI's language ("31.12.2026" in Finnish); "" stays "", and text that is
// not an ISO day is returned as it is.
std::string shown_date(std::string_view iso);

// What the user typed as an ISO day for a command: "31.12.2026", "31.12." (the year of `today`,
// "YYYY-MM-DD") and "2026-12-31" all give "2026-12-31"; blanks trimmed. Text in no known notation is
// returned trimmed and unchanged, so that the engine's refusal names exactly what was typed.
std::string typed_date(std::string_view text, std::string_view today);

// The hint of an empty date field ("pp.kk.vvvv" / "yyyy-mm-dd").
const char* date_hint();

// A date field of `width` with path `path` and a calendar button (`<path>.calendar`) that opens a
// month view (`<path>.day.<d>` buttons, `<path>.prev` / `<path>.next` months); `today` marks the
// day and is the month shown for an empty field. The text is in the user's notation; true when it
// changed (typing or a day picked).
bool date_field(const char* path, char* text, size_t size, float width, std::string_view today);

}  // namespace vastuu::ui
