#include "server/exchange.hpp"

#include "httpconf/ascii.hpp"

namespace httpctl::server {

using conf::equals_ignoring_ascii_case;

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
    std::string lowered = conf::to_lower_ascii(name);
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
