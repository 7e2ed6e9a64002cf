// Rules header-entry-shape, header-breaks-response, header-overridden, header-duplicate: the
// custom response headers list (spec http.md §6.1, §10.3, §10.4).
#include <array>
#include <map>
#include <optional>
#include <string>

#include "lint_support.hpp"

#include "httpconf/ascii.hpp"

namespace httpctl::conf {
namespace {

struct HeaderItem {
    const ConfigEntry* entry;
    std::string name;  // trimmed, lower-cased
    std::string value;
};

// spec http.md §6.1: split at the first colon, both sides trimmed, the name lower-cased.
std::optional<HeaderItem> split_item(const ConfigEntry& entry) {
    const std::size_t colon = entry.value.find(':');
    if (colon == std::string::npos) return std::nullopt;
    return HeaderItem{&entry, to_lower_ascii(trim_http_whitespace(std::string_view(entry.value).substr(0, colon))),
                      std::string(trim_http_whitespace(std::string_view(entry.value).substr(colon + 1)))};
}

bool is_array_index(std::string_view segment) {
    return segment.size() == 4 && segment.find_first_not_of("0123456789") == std::string_view::npos;
}

bool is_token_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
}

// `…, Name: …` inside a value: a second header written into the same string.
std::optional<std::string_view> second_header_name(std::string_view value) {
    for (std::size_t comma = value.find(','); comma != std::string_view::npos;
         comma = value.find(',', comma + 1)) {
        std::size_t begin = comma + 1;
        while (begin < value.size() && value[begin] == ' ')
            ++begin;
        std::size_t end = begin;
        while (end < value.size() && is_token_char(value[end]))
            ++end;
        const bool colon_follows =
            end < value.size() && value[end] == ':' &&
            (end + 1 == value.size() || value[end + 1] == ' ' || value[end + 1] == '\t');
        if (end - begin >= 2 && colon_follows) return value.substr(begin, end - begin);
    }
    return std::nullopt;
}

void entry_shapes(const LintContext& context, const std::vector<const ConfigEntry*>& entries,
                  FindingSink& sink) {
    const std::string list_key = context.http_key("headers");
    for (const ConfigEntry* entry : entries) {
        const std::string_view suffix =
            entry->key.size() > list_key.size()
                ? std::string_view(entry->key).substr(list_key.size() + 1)
                : std::string_view();
        const std::size_t dot = suffix.find('.');
        const std::string_view first = suffix.substr(0, dot);
        if (!suffix.empty() && !is_array_index(first)) {
            sink.at_key("header-entry-shape", *entry,
                        "Stalwart reads the table entry " + std::string(suffix) +
                            " as the header item \"" + entry->value + "\", not as a header named " +
                            std::string(suffix),
                        "write the header as one string: \"" + std::string(suffix) + ": " +
                            entry->value + "\" (spec http.md §6.1)");
        } else if (dot != std::string_view::npos) {
            sink.at_value("header-entry-shape", *entry,
                          "a nested array or table in headers: Stalwart reads \"" + entry->value +
                              "\" as a header item of its own",
                          "write each header as one string \"Name: value\" (spec http.md §6.1)");
        } else if (entry->value.find_first_of("\r\n") != std::string::npos) {
            sink.at_value("header-entry-shape", *entry,
                          "the header item contains a line break: it is one header whose value "
                          "includes the line break, and Stalwart rejects it",
                          "write one array element per header (spec http.md §6.1)");
        } else if (const auto name = second_header_name(entry->value)) {
            sink.at_value("header-entry-shape", *entry,
                          "the header item holds a second header " + std::string(*name) +
                              ": Stalwart sends it as part of the first header's value",
                          "write one array element per header (spec http.md §6.1)");
        }
    }
}

// spec http.md §10.3: a configured header replaces the response's own header of that name.
constexpr std::array<std::string_view, 6> kFramingHeaders = {
    "content-type",     "content-length", "transfer-encoding",
    "content-encoding", "connection",     "upgrade"};

void breaking_headers(const std::vector<HeaderItem>& items, FindingSink& sink) {
    for (const HeaderItem& item : items) {
        for (std::string_view name : kFramingHeaders) {
            if (item.name != name) continue;
            sink.at_value("header-breaks-response", *item.entry,
                          "the custom header " + item.name +
                              " replaces the one Stalwart sets on every response",
                          "remove it; configured headers go on every response, errors, "
                          "downloads and WebSocket upgrades included (spec http.md §10.3)");
        }
    }
}

void overridden_headers(const LintContext& context, const std::vector<HeaderItem>& items,
                        FindingSink& sink) {
    for (const HeaderItem& item : items) {
        const bool cors =
            context.settings.permissive_cors && (item.name == "access-control-allow-origin" ||
                                                 item.name == "access-control-allow-headers" ||
                                                 item.name == "access-control-allow-methods");
        const bool hsts = context.settings.hsts && item.name == "strict-transport-security";
        if (!cors && !hsts) continue;
        sink.at_value("header-overridden", *item.entry,
                      "the custom header " + item.name +
                          " is never sent: " + (cors ? "permissive-cors" : "hsts") + " replaces it",
                      "the built-in CORS and HSTS headers are applied after the custom list "
                      "(spec http.md §10.3, §10.4)");
    }
}

void duplicate_headers(const LintContext& context, const std::vector<HeaderItem>& items,
                       FindingSink& sink) {
    std::map<std::string, const HeaderItem*> last;
    for (const HeaderItem& item : items)
        last[item.name] = &item;
    for (const HeaderItem& item : items) {
        const HeaderItem* winner = last[item.name];
        if (winner == &item) continue;
        const std::uint32_t line = context.config.value_location(*winner->entry).line;
        sink.at_value("header-duplicate", *item.entry,
                      "this " + item.name + " value is never sent: the entry on line " +
                          std::to_string(line) + " configures the same header again",
                      "merge the values into one entry (spec http.md §10.3)");
    }
}

}  // namespace

void lint_header_rules(const LintContext& context, FindingSink& sink) {
    const std::vector<const ConfigEntry*> entries = context.http_entries("headers");
    entry_shapes(context, entries, sink);
    // When any item is bad Stalwart sends no custom header at all (the checker reports why).
    if (context.settings.headers_rejected) return;
    std::vector<HeaderItem> items;
    for (const ConfigEntry* entry : entries) {
        if (auto item = split_item(*entry)) items.push_back(std::move(*item));
    }
    breaking_headers(items, sink);
    overridden_headers(context, items, sink);
    duplicate_headers(context, items, sink);
}

}  // namespace httpctl::conf
