// E-mail and IP address functions (spec expressions.md §6.5).
#include <array>
#include <cstdint>
#include <optional>

#include "argument_text.hpp"
#include "function_impls.hpp"
#include "unicode.hpp"

namespace httpctl::expr::functions {

namespace {

// ---- is_email's byte scanner (§6.5) ---------------------------------------------------------

bool is_atom_byte(unsigned char c) {
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
    if (c >= 0x7F) return true;  // any non-ASCII byte (and DEL) counts as a character
    constexpr std::string_view kSpecials = "!#$%&'*+-/=?^_`{|}~";
    return kSpecials.find(static_cast<char>(c)) != std::string_view::npos;
}

bool looks_like_email(std::string_view s) {
    bool quoted = false;
    unsigned char previous = 0;
    int at_signs = 0;
    int domain_dots = 0;
    std::size_t part_length = 0;
    std::size_t local_length = 0;
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if (is_atom_byte(c)) {
            ++part_length;
        } else if (c == '.' && !quoted) {
            if (previous == '.' || previous == '@' || part_length == 0) return false;
            ++part_length;
            if (at_signs == 1) ++domain_dots;
        } else if (c == '@' && !quoted) {
            ++at_signs;
            local_length = part_length;
            part_length = 0;
        } else if (quoted && (c == '>' || c == ':' || c == ',' || c == ' ')) {
            ++part_length;
        } else if (c == '"' && (!quoted || previous != '\\')) {
            quoted = !quoted;
        } else if (c == '\\' && quoted && previous != '\\') {
            // an escape inside quotes is skipped
        } else if (!quoted) {
            return false;
        }
        // Anything else inside quotes (including '.', '@' and an escaped quote) is ignored.
        previous = c;
    }
    // §6.5: a trailing dot is fine (is_email("a@c.d.") ⇒ 1); "user@localhost" has no dot ⇒ 0.
    return at_signs == 1 && domain_dots > 0 && local_length > 0 && part_length > 0;
}

// ---- strict IP syntax (Rust's std::net parsers, §6.5) ---------------------------------------

using Ipv4 = std::array<std::uint8_t, 4>;
using Ipv6 = std::array<std::uint8_t, 16>;

// One decimal octet at s[pos]: 1-3 digits, no leading zero, at most 255.
std::optional<std::uint8_t> read_octet(std::string_view s, std::size_t& pos) {
    std::size_t start = pos;
    unsigned value = 0;
    while (pos < s.size() && pos - start < 3 && s[pos] >= '0' && s[pos] <= '9') {
        value = value * 10 + static_cast<unsigned>(s[pos] - '0');
        ++pos;
    }
    const std::size_t digits = pos - start;
    if (digits == 0 || value > 255) return std::nullopt;
    if (digits > 1 && s[start] == '0') return std::nullopt;  // "01" is not allowed
    return static_cast<std::uint8_t>(value);
}

// A dotted quad at s[pos], advancing pos past it.
std::optional<Ipv4> read_ipv4(std::string_view s, std::size_t& pos) {
    Ipv4 ip{};
    std::size_t p = pos;
    for (std::size_t i = 0; i < 4; ++i) {
        if (i > 0) {
            if (p >= s.size() || s[p] != '.') return std::nullopt;
            ++p;
        }
        const auto octet = read_octet(s, p);
        if (!octet) return std::nullopt;
        ip[i] = *octet;
    }
    pos = p;
    return ip;
}

std::optional<Ipv4> parse_ipv4(std::string_view s) {
    std::size_t pos = 0;
    auto ip = read_ipv4(s, pos);
    if (!ip || pos != s.size()) return std::nullopt;
    return ip;
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Reads up to `limit` 16-bit groups separated by ':' (a trailing dotted quad counts as two
// groups when at least two slots are left). Returns how many groups were read and whether the
// last ones came from a dotted quad.
struct GroupRun {
    std::size_t count = 0;
    bool ended_with_ipv4 = false;
};

GroupRun read_groups(std::string_view s, std::size_t& pos, std::uint16_t* groups,
                     std::size_t limit) {
    GroupRun run;
    for (std::size_t i = 0; i < limit; ++i) {
        std::size_t p = pos;
        if (i > 0) {
            if (p >= s.size() || s[p] != ':') return run;
            ++p;
        }
        if (i + 1 < limit) {
            std::size_t q = p;
            if (auto v4 = read_ipv4(s, q)) {
                groups[i] = static_cast<std::uint16_t>(((*v4)[0] << 8) | (*v4)[1]);
                groups[i + 1] = static_cast<std::uint16_t>(((*v4)[2] << 8) | (*v4)[3]);
                pos = q;
                run.count = i + 2;
                run.ended_with_ipv4 = true;
                return run;
            }
        }
        unsigned value = 0;
        std::size_t digits = 0;
        while (p < s.size() && digits < 4 && hex_value(s[p]) >= 0) {
            value = value * 16 + static_cast<unsigned>(hex_value(s[p]));
            ++p;
            ++digits;
        }
        if (digits == 0) return run;
        groups[i] = static_cast<std::uint16_t>(value);
        pos = p;
        run.count = i + 1;
    }
    return run;
}

std::optional<Ipv6> parse_ipv6(std::string_view s) {
    std::array<std::uint16_t, 8> head{};
    std::size_t pos = 0;
    const GroupRun front = read_groups(s, pos, head.data(), 8);
    std::array<std::uint16_t, 8> groups{};
    if (front.count == 8) {
        groups = head;
    } else {
        if (front.ended_with_ipv4) return std::nullopt;  // a dotted quad only at the very end
        if (s.substr(pos, 2) != "::") return std::nullopt;
        pos += 2;
        // "::" stands for at least one zero group, so at most 7 - front.count groups follow.
        std::array<std::uint16_t, 7> tail{};
        const GroupRun back = read_groups(s, pos, tail.data(), 7 - front.count);
        for (std::size_t i = 0; i < front.count; ++i)
            groups[i] = head[i];
        for (std::size_t i = 0; i < back.count; ++i)
            groups[8 - back.count + i] = tail[i];
    }
    if (pos != s.size()) return std::nullopt;
    Ipv6 bytes{};
    for (std::size_t i = 0; i < 8; ++i) {
        bytes[2 * i] = static_cast<std::uint8_t>(groups[i] >> 8);
        bytes[2 * i + 1] = static_cast<std::uint8_t>(groups[i] & 0xFF);
    }
    return bytes;
}

void append_decimal(unsigned v, SmallString& out) {
    if (v >= 100) out.push_back(static_cast<char>('0' + v / 100));
    if (v >= 10) out.push_back(static_cast<char>('0' + (v / 10) % 10));
    out.push_back(static_cast<char>('0' + v % 10));
}

}  // namespace

bool is_email(std::span<Value> args, CallEnv& env, Value& out) {
    const ArgText text(args[0], env.dialect);
    out = Value(looks_like_email(text));
    return true;
}

bool email_part(std::span<Value> args, CallEnv& env, Value& out) {
    const ArgText part(args[1], env.dialect);
    // §6.5: exact names; anything else (even "LOCAL") gives "".
    const bool local = part.view() == "local";
    const bool domain = part.view() == "domain";
    map_elements(args[0], env.dialect, out, [&](std::string_view s, Value& r) {
        const std::size_t at = s.rfind('@');  // §6.5: the LAST '@' splits
        if (at == std::string_view::npos) return;
        if (local) r = Value(unicode::trim(s.substr(0, at)));
        if (domain) r = Value(unicode::trim(s.substr(at + 1)));
    });
    return true;
}

bool is_ip_addr(std::span<Value> args, CallEnv& env, Value& out) {
    const ArgText text(args[0], env.dialect);
    out = Value(parse_ipv4(text).has_value() || parse_ipv6(text).has_value());
    return true;
}

bool is_ipv4_addr(std::span<Value> args, CallEnv& env, Value& out) {
    const ArgText text(args[0], env.dialect);
    out = Value(parse_ipv4(text).has_value());
    return true;
}

bool is_ipv6_addr(std::span<Value> args, CallEnv& env, Value& out) {
    const ArgText text(args[0], env.dialect);
    out = Value(parse_ipv6(text).has_value());  // "::ffff:1.2.3.4" is IPv6, not IPv4
    return true;
}

bool ip_reverse_name(std::span<Value> args, CallEnv& env, Value& out) {
    const ArgText text(args[0], env.dialect);
    SmallString name;
    // §6.5: no in-addr.arpa / ip6.arpa suffix; invalid input gives "".
    if (const auto v4 = parse_ipv4(text)) {
        for (std::size_t i = 4; i-- > 0;) {
            append_decimal((*v4)[i], name);
            if (i > 0) name.push_back('.');
        }
    } else if (const auto v6 = parse_ipv6(text)) {
        constexpr char kHexDigits[] = "0123456789abcdef";
        for (std::size_t i = 16; i-- > 0;) {
            name.push_back(kHexDigits[(*v6)[i] & 0x0F]);
            name.push_back('.');
            name.push_back(kHexDigits[(*v6)[i] >> 4]);
            if (i > 0) name.push_back('.');
        }
    }
    out = Value(std::move(name));
    return true;
}

}  // namespace httpctl::expr::functions
