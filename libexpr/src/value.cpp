// Conversions between the four value types (spec expressions.md §4).
#include "expr/value.hpp"

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>

#include "grammar/expr_lexical.hpp"

namespace httpctl::expr {

namespace {

namespace pegtl = tao::pegtl;
namespace lex = httpctl::grammar::expr;

template <typename Rule>
bool matches_whole(std::string_view s) {
    pegtl::memory_input<pegtl::tracking_mode::lazy, pegtl::eol::lf_crlf, const char*> in(
        s.data(), s.data() + s.size(), "");
    return pegtl::parse<Rule>(in);
}

// The shortest digits that round-trip `f` (which is finite and non-zero), and the decimal
// exponent k such that |f| = digits × 10^k.
struct ShortestDigits {
    char digits[32];
    int length;
    int k;
};

ShortestDigits shortest_digits(double f) {
    char buf[64];
    auto res = std::to_chars(buf, buf + sizeof buf, std::fabs(f), std::chars_format::scientific);
    // buf holds d[.ddd]e±XX
    ShortestDigits out{};
    int exp10 = 0;
    const char* p = buf;
    for (; p < res.ptr && *p != 'e'; ++p) {
        if (*p != '.') out.digits[out.length++] = *p;
    }
    if (p < res.ptr) std::from_chars(p + 1 + (p[1] == '+' ? 1 : 0), res.ptr, exp10);
    out.k = exp10 - (out.length - 1);
    return out;
}

void append_zeros(SmallString& out, int n) {
    for (int i = 0; i < n; ++i) out.push_back('0');
}

bool append_non_finite(double f, SmallString& out) {
    if (std::isnan(f)) {
        out.append("NaN");
        return true;
    }
    if (std::isinf(f)) {
        out.append(f < 0 ? "-inf" : "inf");
        return true;
    }
    return false;
}

int compare_doubles(double a, double b) {  // 2 = undefined
    if (std::isnan(a) || std::isnan(b)) return 2;
    return a < b ? -1 : (a > b ? 1 : 0);
}

double as_double(const Value& v) {
    return v.is_integer() ? static_cast<double>(v.as_integer()) : v.as_float();
}

// Numeric comparison of two numbers (Integer or Float) with the mixed rule of §4.8/§4.9.
int compare_numbers(const Value& a, const Value& b) {
    if (a.is_integer() && b.is_integer()) {
        return a.as_integer() < b.as_integer() ? -1 : (a.as_integer() > b.as_integer() ? 1 : 0);
    }
    return compare_doubles(as_double(a), as_double(b));
}

}  // namespace

std::string_view type_name(Type t) noexcept {
    switch (t) {
        case Type::String: return "string";
        case Type::Integer: return "integer";
        case Type::Float: return "float";
        case Type::Array: return "array";
    }
    return "?";
}

bool operator==(const Value& a, const Value& b) noexcept {
    if (a.type() != b.type()) return false;
    switch (a.type()) {
        case Type::String: return a.as_string() == b.as_string();
        case Type::Integer: return a.as_integer() == b.as_integer();
        case Type::Float: {
            const double x = a.as_float(), y = b.as_float();
            return (std::isnan(x) && std::isnan(y)) || x == y;
        }
        case Type::Array: return a.as_array() == b.as_array();
    }
    return false;
}

bool truthy(const Value& v) noexcept {
    switch (v.type()) {
        case Type::String: return !v.as_string().empty();
        case Type::Integer: return v.as_integer() != 0;
        case Type::Float: return v.as_float() != 0.0;  // §4.2: NaN is true, ±0.0 false
        case Type::Array: return !v.as_array().empty();
    }
    return false;
}

void append_integer(std::int64_t i, SmallString& out) {
    char* p = out.append_uninitialized(24);
    auto res = std::to_chars(p, p + 24, i);
    out.resize(out.size() + static_cast<std::size_t>(res.ptr - p));
}

// Rust's `Display` for f64: shortest round-trip digits, never an exponent, no ".0".
void append_float_display(double f, SmallString& out) {
    if (append_non_finite(f, out)) return;
    if (std::signbit(f)) out.push_back('-');
    if (f == 0.0) {
        out.push_back('0');
        return;
    }
    ShortestDigits d = shortest_digits(f);
    int point = d.length + d.k;  // digits before the decimal point
    std::string_view digits(d.digits, static_cast<std::size_t>(d.length));
    if (d.k >= 0) {
        out.append(digits);
        append_zeros(out, d.k);
    } else if (point > 0) {
        out.append(digits.substr(0, static_cast<std::size_t>(point)));
        out.push_back('.');
        out.append(digits.substr(static_cast<std::size_t>(point)));
    } else {
        out.append("0.");
        append_zeros(out, -point);
        out.append(digits);
    }
}

// §4.3: Head's `to_string` of a Float (the ryu crate's format).
void append_float_ryu(double f, SmallString& out) {
    if (append_non_finite(f, out)) return;
    if (std::signbit(f)) out.push_back('-');
    if (f == 0.0) {
        out.append("0.0");
        return;
    }
    ShortestDigits d = shortest_digits(f);
    int K = d.length + d.k;
    std::string_view digits(d.digits, static_cast<std::size_t>(d.length));
    if (d.k >= 0 && K <= 16) {
        out.append(digits);
        append_zeros(out, d.k);
        out.append(".0");
    } else if (K > 0 && K <= 16) {
        out.append(digits.substr(0, static_cast<std::size_t>(K)));
        out.push_back('.');
        out.append(digits.substr(static_cast<std::size_t>(K)));
    } else if (K > -5 && K <= 0) {
        out.append("0.");
        append_zeros(out, -K);
        out.append(digits);
    } else {
        out.push_back(digits[0]);
        if (digits.size() > 1) {
            out.push_back('.');
            out.append(digits.substr(1));
        }
        out.push_back('e');
        append_integer(K - 1, out);
    }
}

void append_display(const Value& v, SmallString& out) {
    switch (v.type()) {
        case Type::String: out.append(v.as_string()); break;
        case Type::Integer: append_integer(v.as_integer(), out); break;
        case Type::Float: append_float_display(v.as_float(), out); break;
        case Type::Array: append_text(v, Dialect::Head, out); break;
    }
}

void append_text(const Value& v, Dialect d, SmallString& out) {
    switch (v.type()) {
        case Type::String: out.append(v.as_string()); break;
        case Type::Integer: append_integer(v.as_integer(), out); break;
        case Type::Float:
            // §4.3/§9: v0.8.5 prints floats with Display, Head in the ryu style.
            if (d == Dialect::V08) {
                append_float_display(v.as_float(), out);
            } else {
                append_float_ryu(v.as_float(), out);
            }
            break;
        case Type::Array: {
            // §4.3: CRLF before an element only once this array's text is non-empty; nested
            // arrays contribute no text (so leading empties vanish, later ones leave a CRLF).
            const std::size_t start = out.size();
            for (const Value& e : v.as_array()) {
                if (out.size() > start) out.append("\r\n");
                if (!e.is_array()) append_text(e, d, out);
            }
            break;
        }
    }
}

SmallString to_text(const Value& v, Dialect d) {
    if (v.is_string()) return SmallString(v.as_string());
    SmallString out;
    append_text(v, d, out);
    return out;
}

std::string to_std_string(const Value& v, Dialect d) { return to_text(v, d).str(); }

std::optional<std::int64_t> parse_rust_i64(std::string_view s) {
    if (!matches_whole<lex::rust_signed_integer>(s)) return std::nullopt;
    if (s.front() == '+') s.remove_prefix(1);
    std::int64_t v = 0;
    auto res = std::from_chars(s.data(), s.data() + s.size(), v);
    if (res.ec != std::errc() || res.ptr != s.data() + s.size()) return std::nullopt;
    return v;
}

std::optional<std::uint64_t> parse_rust_u64(std::string_view s) {
    if (!matches_whole<lex::rust_unsigned_integer>(s)) return std::nullopt;
    if (s.front() == '+') s.remove_prefix(1);
    std::uint64_t v = 0;
    auto res = std::from_chars(s.data(), s.data() + s.size(), v);
    if (res.ec != std::errc() || res.ptr != s.data() + s.size()) return std::nullopt;
    return v;
}

std::optional<double> parse_rust_float(std::string_view s) {
    if (!matches_whole<lex::rust_float>(s)) return std::nullopt;
    bool negative = false;
    if (s.front() == '+' || s.front() == '-') {
        negative = s.front() == '-';
        s.remove_prefix(1);
    }
    double v = 0;
    auto res = std::from_chars(s.data(), s.data() + s.size(), v, std::chars_format::general);
    if (res.ec == std::errc::result_out_of_range) {
        // Rust rounds to ±inf or ±0.0 where from_chars refuses; strtod gives the same values.
        std::string copy(s);
        v = std::strtod(copy.c_str(), nullptr);
    } else if (res.ec != std::errc() || res.ptr != s.data() + s.size()) {
        return std::nullopt;
    }
    return negative ? -v : v;
}

Value parse_number(std::string_view s) {
    if (s.empty()) return Value(std::int64_t{0});
    if (auto i = parse_rust_i64(s)) return Value(*i);
    if (auto f = parse_rust_float(s)) return Value(*f);
    return Value(std::int64_t{0});
}

Value to_number(const Value& v) {
    switch (v.type()) {
        case Type::Integer:
        case Type::Float: return v;
        case Type::String: return parse_number(v.as_string());
        // §4.5: arrays are inverted booleans as numbers.
        case Type::Array: return Value(std::int64_t{v.as_array().empty() ? 1 : 0});
    }
    return Value(std::int64_t{0});
}

std::optional<std::int64_t> to_integer(const Value& v) {
    switch (v.type()) {
        case Type::Integer: return v.as_integer();
        case Type::Float: {
            double f = v.as_float();
            if (std::isnan(f)) return 0;
            if (f >= 9223372036854775807.0) return std::numeric_limits<std::int64_t>::max();
            if (f <= -9223372036854775808.0) return std::numeric_limits<std::int64_t>::min();
            return static_cast<std::int64_t>(f);
        }
        case Type::String:
            if (v.as_string().empty()) return std::nullopt;
            return parse_rust_i64(v.as_string());
        case Type::Array: return std::nullopt;
    }
    return std::nullopt;
}

std::optional<std::uint64_t> to_index(const Value& v) {
    switch (v.type()) {
        case Type::Integer: return static_cast<std::uint64_t>(v.as_integer());
        case Type::Float: {
            // Rust's `as u64`: truncate, saturate, negative and NaN give 0.
            double f = v.as_float();
            if (std::isnan(f) || f <= 0) return 0;
            if (f >= 18446744073709551615.0) return std::numeric_limits<std::uint64_t>::max();
            return static_cast<std::uint64_t>(f);
        }
        case Type::String:
            if (v.as_string().empty()) return std::nullopt;
            return parse_rust_u64(v.as_string());
        case Type::Array: return std::nullopt;
    }
    return std::nullopt;
}

Array to_list(const Value& v) {
    if (v.is_array()) return v.as_array();
    if (v.is_string() && v.as_string().empty()) return {};
    return Array{v};
}

Array to_list(Value&& v) {
    if (v.is_array()) return std::move(v.array_mut());
    if (v.is_string() && v.as_string().empty()) return {};
    Array a;
    a.push_back(std::move(v));
    return a;
}

bool loose_equals(const Value& a, const Value& b) {
    if (a.is_array() || b.is_array()) {
        if (!a.is_array() || !b.is_array()) return false;
        const Array& x = a.as_array();
        const Array& y = b.as_array();
        if (x.size() != y.size()) return false;
        for (std::size_t i = 0; i < x.size(); ++i) {
            if (!loose_equals(x[i], y[i])) return false;
        }
        return true;
    }
    if (a.is_string() && b.is_string()) return a.as_string() == b.as_string();
    // §4.8: a string compared with a number is parsed as a number ("abc" == 0).
    const Value na = a.is_string() ? to_number(a) : a;
    const Value nb = b.is_string() ? to_number(b) : b;
    return compare_numbers(na, nb) == 0;
}

Ordering compare(const Value& a, const Value& b) {
    if (a.is_array() && b.is_array()) {
        const Array& x = a.as_array();
        const Array& y = b.as_array();
        std::size_t n = std::min(x.size(), y.size());
        for (std::size_t i = 0; i < n; ++i) {
            Ordering o = compare(x[i], y[i]);
            if (o != Ordering::Equal) return o;
        }
        if (x.size() == y.size()) return Ordering::Equal;
        return x.size() < y.size() ? Ordering::Less : Ordering::Greater;
    }
    // §4.9: numbers are less than arrays; strings and arrays are Greater from both sides.
    if (b.is_array()) return a.is_string() ? Ordering::Greater : Ordering::Less;
    if (a.is_array()) return Ordering::Greater;
    if (a.is_string() && b.is_string()) {
        int c = a.as_string().compare(b.as_string());
        return c < 0 ? Ordering::Less : (c > 0 ? Ordering::Greater : Ordering::Equal);
    }
    const Value na = a.is_string() ? to_number(a) : a;
    const Value nb = b.is_string() ? to_number(b) : b;
    int c = compare_numbers(na, nb);
    if (c == 2) return Ordering::Undefined;
    return static_cast<Ordering>(c);
}

std::string debug_string(const Value& v) {
    switch (v.type()) {
        case Type::String: {
            std::string out = "\"";
            for (unsigned char c : v.as_string()) {
                switch (c) {
                    case '"': out += "\\\""; break;
                    case '\\': out += "\\\\"; break;
                    case '\n': out += "\\n"; break;
                    case '\r': out += "\\r"; break;
                    case '\t': out += "\\t"; break;
                    default:
                        if (c < 0x20 || c == 0x7f) {
                            char buf[8];
                            std::snprintf(buf, sizeof buf, "\\x%02x", c);
                            out += buf;
                        } else {
                            out += static_cast<char>(c);
                        }
                }
            }
            return out + "\"";
        }
        case Type::Integer: return std::to_string(v.as_integer());
        case Type::Float: {
            SmallString s;
            append_float_ryu(v.as_float(), s);
            return s.str();
        }
        case Type::Array: {
            std::string out = "[";
            bool first = true;
            for (const Value& e : v.as_array()) {
                if (!first) out += ", ";
                first = false;
                out += debug_string(e);
            }
            return out + "]";
        }
    }
    return {};
}

}  // namespace httpctl::expr
