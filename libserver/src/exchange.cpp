#include "server/exchange.hpp"

#include <algorithm>

namespace httpctl::server {
namespace {

char lower_ascii_char(char c) noexcept {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool equals_ignoring_ascii_case(std::string_view a, std::string_view b) noexcept {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return lower_ascii_char(x) == lower_ascii_char(y);
           });
}

}  // namespace

const std::string* HttpRequest::header(std::string_view name) const noexcept {
    for (const auto& [key, value] : headers) {
        if (equals_ignoring_ascii_case(key, name)) return &value;
    }
    return nullptr;
}

std::vector<std::string_view> HttpRequest::headers_named(std::string_view name) const {
    std::vector<std::string_view> out;
    for (const auto& [key, value] : headers) {
        if (equals_ignoring_ascii_case(key, name)) out.emplace_back(value);
    }
    return out;
}

void HttpResponse::set_header(std::string_view name, std::string value) {
    std::string lowered(name);
    std::transform(lowered.begin(), lowered.end(), lowered.begin(), lower_ascii_char);
    for (auto& [key, existing] : headers) {
        if (key == lowered) {
            existing = std::move(value);
            return;
        }
    }
    headers.emplace_back(std::move(lowered), std::move(value));
}

const std::string* HttpResponse::header(std::string_view name) const noexcept {
    for (const auto& [key, value] : headers) {
        if (equals_ignoring_ascii_case(key, name)) return &value;
    }
    return nullptr;
}

}  // namespace httpctl::server
