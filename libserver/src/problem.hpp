// Stalwart's own responses (spec http.md §10): problem JSON bodies with their exact texts and
// field order, JSON successes and status-only answers.
#pragma once

#include <string>
#include <string_view>

#include "server/exchange.hpp"

namespace httpctl::server {

inline constexpr std::string_view kJsonContentType = "application/json; charset=utf-8";
inline constexpr std::string_view kProblemContentType = "application/problem+json";

// `{"type":…,"status":…,"title":…,"detail":…}`, type `about:blank` (spec §10); an empty title is
// omitted, as Stalwart omits an absent one.
[[nodiscard]] HttpResponse problem_response(int status, std::string_view title,
                                            std::string_view detail);

// The standard problems of spec §10, exact texts.
[[nodiscard]] HttpResponse unauthorized_problem(bool head_dialect);  // §14: challenges at 0.12+
[[nodiscard]] HttpResponse forbidden_problem();
[[nodiscard]] HttpResponse not_found_problem();
[[nodiscard]] HttpResponse too_many_requests_problem();
[[nodiscard]] HttpResponse too_many_auth_attempts_problem();
[[nodiscard]] HttpResponse internal_error_problem();
// A problem for any other status (the `http.allowed-endpoint` answer, spec §6.2): the standard
// body when §10 has one for that status, else the reason phrase as title and detail.
[[nodiscard]] HttpResponse status_problem(int status);

// 200 with a JSON body.
[[nodiscard]] HttpResponse json_response(std::string body);
// A status with no body and no Content-Type (204 preflights, /healthz answers).
[[nodiscard]] HttpResponse empty_response(int status);

// "Not Found", "Method Not Allowed", ...; "Unknown" for codes without one.
[[nodiscard]] std::string_view reason_phrase(int status) noexcept;

}  // namespace httpctl::server
