// The four value types of Stalwart's expression language (spec expressions.md §4) and the
// conversions between them. Every rule here reproduces Stalwart, quirks included.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <cstring>
#include <new>
#include <vector>

#include "expr/small_string.hpp"

namespace httpctl::expr {

// Which Stalwart release's behaviour to reproduce where the two differ (spec §9).
enum class Dialect : std::uint8_t {
    V08,   // v0.8.x: server.http.* keys, Display floats in to_string, no globals/config_get
    Head,  // 0.12 and later (what the conformance vectors check)
};

enum class Type : std::uint8_t { String = 0, Integer = 1, Float = 2, Array = 3 };

[[nodiscard]] std::string_view type_name(Type t) noexcept;

class Value;
using Array = std::vector<Value>;

class Value {
public:
    Value() noexcept : type_(Type::String) { new (&s_) SmallString(); }  // "" is the "nothing"
    Value(std::int64_t i) noexcept : type_(Type::Integer), i_(i) {}  // NOLINT
    Value(int i) noexcept : Value(static_cast<std::int64_t>(i)) {}  // NOLINT
    Value(bool b) noexcept : Value(static_cast<std::int64_t>(b ? 1 : 0)) {}  // NOLINT
    Value(double f) noexcept : type_(Type::Float), f_(f) {}  // NOLINT
    Value(std::string_view s) : type_(Type::String) { new (&s_) SmallString(s); }  // NOLINT
    Value(const char* s) : Value(std::string_view(s)) {}  // NOLINT
    Value(const std::string& s) : Value(std::string_view(s)) {}  // NOLINT
    Value(SmallString s) noexcept : type_(Type::String) { new (&s_) SmallString(std::move(s)); }  // NOLINT
    Value(Array a) noexcept : type_(Type::Array) { new (&a_) Array(std::move(a)); }  // NOLINT

    Value(const Value& o) : type_(o.type_) { construct_from(o); }
    Value(Value&& o) noexcept : type_(o.type_) { construct_from(std::move(o)); }
    Value& operator=(const Value& o) {
        if (this == &o) return *this;
        if (type_ == Type::String && o.type_ == Type::String) {
            s_.assign(o.s_.view());  // reuses this string's buffer
            return *this;
        }
        destroy();
        type_ = o.type_;
        construct_from(o);
        return *this;
    }
    Value& operator=(Value&& o) noexcept {
        if (this == &o) return *this;
        destroy();
        type_ = o.type_;
        construct_from(std::move(o));
        return *this;
    }
    ~Value() { destroy(); }

    [[nodiscard]] Type type() const noexcept { return type_; }
    [[nodiscard]] bool is_string() const noexcept { return type_ == Type::String; }
    [[nodiscard]] bool is_integer() const noexcept { return type_ == Type::Integer; }
    [[nodiscard]] bool is_float() const noexcept { return type_ == Type::Float; }
    [[nodiscard]] bool is_array() const noexcept { return type_ == Type::Array; }
    [[nodiscard]] bool is_number() const noexcept {
        return type_ == Type::Integer || type_ == Type::Float;
    }

    // Accessors: the caller has checked the type.
    [[nodiscard]] std::string_view as_string() const noexcept { return s_.view(); }
    [[nodiscard]] SmallString& string_mut() noexcept { return s_; }
    [[nodiscard]] std::int64_t as_integer() const noexcept { return i_; }
    [[nodiscard]] double as_float() const noexcept { return f_; }
    [[nodiscard]] const Array& as_array() const noexcept { return a_; }
    [[nodiscard]] Array& array_mut() noexcept { return a_; }

    // Structural identity (same type, same contents; floats equal by value, or both NaN).
    // This is NOT the language's `==` (see loose_equals).
    friend bool operator==(const Value& a, const Value& b) noexcept;

private:
    void construct_from(const Value& o) {
        switch (o.type_) {
            case Type::String: new (&s_) SmallString(o.s_); break;
            case Type::Integer: i_ = o.i_; break;
            case Type::Float: f_ = o.f_; break;
            case Type::Array: new (&a_) Array(o.a_); break;
        }
    }
    void construct_from(Value&& o) noexcept {
        switch (o.type_) {
            case Type::String:
                // SmallString is relocatable: take its bytes, leave `o` an empty string.
                std::memcpy(static_cast<void*>(&s_), static_cast<const void*>(&o.s_),
                            sizeof(SmallString));
                new (&o.s_) SmallString();
                break;
            case Type::Integer: i_ = o.i_; break;
            case Type::Float: f_ = o.f_; break;
            case Type::Array: new (&a_) Array(std::move(o.a_)); break;
        }
    }
    void destroy() noexcept {
        if (type_ == Type::String) {
            s_.~SmallString();
        } else if (type_ == Type::Array) {
            a_.~Array();
        }
    }

    Type type_;
    union {
        std::int64_t i_;
        double f_;
        SmallString s_;
        Array a_;
    };
};

// ---- Conversions (spec §4) ---------------------------------------------------------------

// §4.2: Integer 0, Float ±0.0, "" and [] are false; everything else (NaN too) is true.
[[nodiscard]] bool truthy(const Value& v) noexcept;

// §4.3: the text a function sees. Floats print Display-style in V08 and ryu-style in Head;
// arrays are CRLF-joined with Stalwart's empty-element rule.
void append_text(const Value& v, Dialect d, SmallString& out);
[[nodiscard]] SmallString to_text(const Value& v, Dialect d);
[[nodiscard]] std::string to_std_string(const Value& v, Dialect d);

// §4.4: the text `+` concatenation uses (Display floats in both dialects).
void append_display(const Value& v, SmallString& out);

// Float formatting (§4.3 "Float formats").
void append_float_display(double f, SmallString& out);
void append_float_ryu(double f, SmallString& out);
void append_integer(std::int64_t i, SmallString& out);

// §4.5: numeric coercion; the result is always an Integer or a Float.
[[nodiscard]] Value to_number(const Value& v);
// Parses a string as §4.5 does (whole text an i64, else a double in Rust's syntax, else 0).
[[nodiscard]] Value parse_number(std::string_view s);

// §4.6
[[nodiscard]] std::optional<std::int64_t> to_integer(const Value& v);
[[nodiscard]] std::optional<std::uint64_t> to_index(const Value& v);

// §4.7: Array -> its elements; "" -> []; any other scalar -> [v].
[[nodiscard]] Array to_list(const Value& v);
[[nodiscard]] Array to_list(Value&& v);

// §4.8: the language's equality (cross-type, used by ==, !=, contains, dedup, array removal).
[[nodiscard]] bool loose_equals(const Value& a, const Value& b);

// §4.9: three-way ordering that may be undefined.
enum class Ordering : std::int8_t { Less = -1, Equal = 0, Greater = 1, Undefined = 2 };
[[nodiscard]] Ordering compare(const Value& a, const Value& b);

// Rust's f64 parser (`str::parse::<f64>`): decimal with optional exponent, inf/infinity/nan in
// any case, optional sign; no surrounding spaces, no hex.
[[nodiscard]] std::optional<double> parse_rust_float(std::string_view s);
// Rust's `str::parse::<i64>()`: optional sign, decimal digits only, no overflow.
[[nodiscard]] std::optional<std::int64_t> parse_rust_i64(std::string_view s);
[[nodiscard]] std::optional<std::uint64_t> parse_rust_u64(std::string_view s);

// A readable rendering for humans: `"text"`, `5`, `2.5`, `["a", 1]` (used by eval and the REPL).
[[nodiscard]] std::string debug_string(const Value& v);

}  // namespace httpctl::expr
