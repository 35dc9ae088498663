// Errors as values. An Error has a stable machine code (tests assert on it), a message in the user's
// language, optionally the field it concerns (the UI shows the message at that field), and
// optionally the technical detail behind the message (SQLite's own text, integrity-check lines).
#pragma once
#include <string>
#include <utility>
#include <variant>

namespace vastuu {

struct Error {
    std::string code;     // stable, dotted: "customer.number_taken", "text.invalid_utf8", ...
    std::string message;  // human text in the current language
    std::string field;    // optional: "name", "number", ... ("" when not about one field)
    // Optional: what a program said, as it said it (SQLite's English message, the integrity check's
    // lines, the SQL that differs), for a "Details" toggle and the CLI's lines after the message.
    // Never shown as the message itself, which is one sentence in the user's language. Last and
    // with an initializer, so that Error{code, message, field} stays valid and -Wextra quiet.
    std::string detail = {};
};

// Result<T> holds either a value or an Error. Result<void> is a plain status.
template <class T>
class [[nodiscard]] Result {
public:
    Result(T value) : v_(std::move(value)) {}
    Result(Error error) : v_(std::move(error)) {}

    bool ok() const { return v_.index() == 0; }
    explicit operator bool() const { return ok(); }
    T& value() & { return std::get<0>(v_); }
    const T& value() const& { return std::get<0>(v_); }
    T&& value() && { return std::get<0>(std::move(v_)); }
    T* operator->() { return &std::get<0>(v_); }
    const T* operator->() const { return &std::get<0>(v_); }
    T& operator*() { return std::get<0>(v_); }
    const Error& error() const { return std::get<1>(v_); }

private:
    std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
public:
    Result() = default;
    Result(Error error) : error_(std::move(error)), ok_(false) {}

    bool ok() const { return ok_; }
    explicit operator bool() const { return ok_; }
    const Error& error() const { return error_; }

private:
    Error error_;
    bool ok_ = true;
};

using Status = Result<void>;

}  // namespace vastuu

// Propagates an error from an expression returning Result/Status.
#define VASTUU_TRY(expr)                                   \
    do {                                                   \
        auto vastuu_try_result_ = (expr);                  \
        if (!vastuu_try_result_.ok()) return vastuu_try_result_.error(); \
    } while (0)
