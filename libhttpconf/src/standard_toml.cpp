#include "standard_toml.hpp"

#include <algorithm>
#include <cstdio>
#include <exception>
#include <sstream>

#include <toml.hpp>

namespace httpctl::conf {
namespace {

// toml11 parses nested arrays and tables recursively. Stalwart refuses more than 9 levels
// (spec http.md §2.5), but text Stalwart reads inside a string can be structure to a standard
// reader, so the file is not handed to toml11 when brackets nest absurdly deep.
constexpr std::uint32_t kMaxBracketDepth = 200;

bool nests_too_deep(std::string_view text) {
    std::uint32_t depth = 0;
    for (char c : text) {
        if (c == '[' || c == '{') {
            if (++depth > kMaxBracketDepth) return true;
        } else if ((c == ']' || c == '}') && depth > 0) {
            --depth;
        }
    }
    return false;
}

std::string index_key(const std::string& parent, std::size_t index) {
    char digits[24];
    std::snprintf(digits, sizeof digits, "%04zu", index);  // spec http.md §2.5
    return parent + '.' + digits;
}

std::string join_key(const std::string& parent, const std::string& key) {
    return parent.empty() ? key : parent + '.' + key;
}

template <typename T>
std::string stream_text(const T& value) {
    std::ostringstream out;
    out << value;
    return out.str();
}

void flatten(const toml::value& value, const std::string& key,
             std::vector<StandardTomlEntry>& out) {
    StandardTomlEntry entry;
    entry.key = key;
    const toml::source_location where = value.location();
    entry.line = static_cast<std::uint32_t>(where.line());
    entry.byte_column = static_cast<std::uint32_t>(where.column());
    entry.byte_length = static_cast<std::uint32_t>(where.region());
    switch (value.type()) {
        case toml::value_t::table:
            for (const auto& [name, member] : value.as_table()) {
                flatten(member, join_key(key, name), out);
            }
            return;
        case toml::value_t::array: {
            const toml::array& items = value.as_array();
            for (std::size_t i = 0; i < items.size(); ++i) {
                flatten(items[i], index_key(key, i), out);
            }
            return;
        }
        case toml::value_t::empty:
            return;
        case toml::value_t::string:
            entry.kind = StandardTomlEntry::Kind::String;
            entry.text = value.as_string().str;
            break;
        case toml::value_t::integer:
            entry.kind = StandardTomlEntry::Kind::Integer;
            entry.integer = value.as_integer();
            entry.text = std::to_string(entry.integer);
            break;
        case toml::value_t::floating:
            entry.kind = StandardTomlEntry::Kind::Float;
            entry.number = value.as_floating();
            entry.text = stream_text(value.as_floating());
            break;
        case toml::value_t::boolean:
            entry.kind = StandardTomlEntry::Kind::Boolean;
            entry.text = value.as_boolean() ? "true" : "false";
            break;
        case toml::value_t::offset_datetime:
            entry.kind = StandardTomlEntry::Kind::DateTime;
            entry.text = stream_text(value.as_offset_datetime());
            break;
        case toml::value_t::local_datetime:
            entry.kind = StandardTomlEntry::Kind::DateTime;
            entry.text = stream_text(value.as_local_datetime());
            break;
        case toml::value_t::local_date:
            entry.kind = StandardTomlEntry::Kind::DateTime;
            entry.text = stream_text(value.as_local_date());
            break;
        case toml::value_t::local_time:
            entry.kind = StandardTomlEntry::Kind::DateTime;
            entry.text = stream_text(value.as_local_time());
            break;
    }
    out.push_back(std::move(entry));
}

// toml11's what() is a multi-line picture of the source; keep its first line (without the
// "[error] " tag) and the remark under the caret, e.g.
// "toml::parse_table: invalid line format: expected newline, but got '.'.".
std::string one_line_message(std::string_view what) {
    std::string_view first = what.substr(0, what.find('\n'));
    if (first.starts_with("[error] ")) first.remove_prefix(8);
    std::string message(first);
    const std::size_t caret = what.find("^--- ");
    if (caret != std::string_view::npos) {
        std::string_view remark = what.substr(caret + 5);
        remark = remark.substr(0, remark.find('\n'));
        if (!remark.empty()) {
            message += ": ";
            message += remark;
        }
    }
    while (!message.empty() && (message.back() == ' ' || message.back() == '\r'))
        message.pop_back();
    return message;
}

}  // namespace

std::variant<std::vector<StandardTomlEntry>, StandardTomlError> read_standard_toml(
    std::string_view text, const std::string& file_name) {
    if (nests_too_deep(text)) {
        return StandardTomlError{"brackets nest more than 200 levels deep", 0, 0, true};
    }
    // Third-party code: everything it throws stops at this boundary.
    try {
        std::istringstream stream{std::string(text)};
        const toml::value root = toml::parse(stream, file_name);
        std::vector<StandardTomlEntry> entries;
        flatten(root, std::string(), entries);
        std::sort(
            entries.begin(), entries.end(),
            [](const StandardTomlEntry& a, const StandardTomlEntry& b) { return a.key < b.key; });
        return entries;
    } catch (const toml::exception& error) {
        const toml::source_location& where = error.location();
        return StandardTomlError{one_line_message(error.what()),
                                 static_cast<std::uint32_t>(where.line()),
                                 static_cast<std::uint32_t>(where.column())};
    } catch (const std::exception& error) {
        return StandardTomlError{one_line_message(error.what()), 0, 0};
    }
}

}  // namespace httpctl::conf
