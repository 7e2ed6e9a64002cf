#include "problem.hpp"

#include <nlohmann/json.hpp>
#include <utility>

namespace httpctl::server {

HttpResponse problem_response(int status, std::string_view title, std::string_view detail) {
    // spec http.md §10: field order type, status, title, detail; title omitted when absent.
    nlohmann::ordered_json body;
    body["type"] = "about:blank";
    body["status"] = status;
    if (!title.empty()) body["title"] = title;
    body["detail"] = detail;
    HttpResponse response;
    response.status = status;
    response.set_header("content-type", std::string(kProblemContentType));
    // Never throws: should a detail ever quote invalid UTF-8, it becomes U+FFFD.
    response.body = body.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    return response;
}

HttpResponse unauthorized_problem(bool head_dialect) {
    HttpResponse response =
        problem_response(401, "Unauthorized", "You have to authenticate first.");
    if (head_dialect) {
        // spec §10 / §14: 0.12+ sends two challenges; 0.8 sends none. set_header would collapse
        // them, so they are appended as two header lines.
        response.headers.emplace_back("www-authenticate", "Bearer realm=\"Stalwart Server\"");
        response.headers.emplace_back("www-authenticate", "Basic realm=\"Stalwart Server\"");
    }
    return response;
}

HttpResponse forbidden_problem() {
    return problem_response(403, "Forbidden",
                            "You do not have enough permissions to access this resource.");
}

HttpResponse not_found_problem() {
    return problem_response(404, "Not Found",
                            "The requested resource does not exist on this server.");
}

HttpResponse too_many_requests_problem() {
    return problem_response(
        429, "Too Many Requests",
        "Your request has been rate limited. Please try again in a few seconds.");
}

HttpResponse too_many_auth_attempts_problem() {
    return problem_response(
        429, "Too Many Authentication Attempts",
        "Your request has been rate limited. Please try again in a few minutes.");
}

HttpResponse internal_error_problem() {
    return problem_response(500, "Internal Server Error",
                            "There was a problem while processing your request. Please contact "
                            "the system administrator if this problem persists.");
}

HttpResponse status_problem(int status) {
    switch (status) {
        case 401:
            return unauthorized_problem(false);
        case 403:
            return forbidden_problem();
        case 404:
            return not_found_problem();
        case 429:
            return too_many_requests_problem();
        case 500:
            return internal_error_problem();
        default: {
            const std::string_view phrase = reason_phrase(status);
            return problem_response(status, phrase, phrase);
        }
    }
}

HttpResponse json_response(std::string body) {
    HttpResponse response;
    response.status = 200;
    response.set_header("content-type", std::string(kJsonContentType));
    response.body = std::move(body);
    return response;
}

HttpResponse empty_response(int status) {
    HttpResponse response;
    response.status = status;
    return response;
}

std::string_view reason_phrase(int status) noexcept {
    switch (status) {
        case 100:
            return "Continue";
        case 200:
            return "OK";
        case 201:
            return "Created";
        case 202:
            return "Accepted";
        case 204:
            return "No Content";
        case 301:
            return "Moved Permanently";
        case 302:
            return "Found";
        case 303:
            return "See Other";
        case 307:
            return "Temporary Redirect";
        case 308:
            return "Permanent Redirect";
        case 400:
            return "Bad Request";
        case 401:
            return "Unauthorized";
        case 402:
            return "Payment Required";
        case 403:
            return "Forbidden";
        case 404:
            return "Not Found";
        case 405:
            return "Method Not Allowed";
        case 406:
            return "Not Acceptable";
        case 408:
            return "Request Timeout";
        case 409:
            return "Conflict";
        case 410:
            return "Gone";
        case 413:
            return "Payload Too Large";
        case 415:
            return "Unsupported Media Type";
        case 418:
            return "I'm a teapot";
        case 421:
            return "Misdirected Request";
        case 422:
            return "Unprocessable Entity";
        case 429:
            return "Too Many Requests";
        case 451:
            return "Unavailable For Legal Reasons";
        case 500:
            return "Internal Server Error";
        case 501:
            return "Not Implemented";
        case 502:
            return "Bad Gateway";
        case 503:
            return "Service Unavailable";
        case 504:
            return "Gateway Timeout";
        default:
            return "Unknown";
    }
}

}  // namespace httpctl::server
