#include "session_route.hpp"

#include <nlohmann/json.hpp>

#include "problem.hpp"
#include "request_eval.hpp"
#include "server/jmap_session.hpp"

namespace httpctl::server {

HttpResponse session_response(const HttpRequest& request, const ConfigSnapshot& snapshot,
                              const std::optional<AuthenticatedUser>& user) {
    const std::optional<std::string> base = request_base_url(request, snapshot);
    if (!base) return internal_error_problem();
    SessionInput input;
    input.base_url = *base;
    input.limits = snapshot.settings().limits;
    input.head_dialect = snapshot.head_dialect();
    if (user) {
        SessionAccount account;
        account.account_id = user->account_id;
        account.login = user->login;
        account.name = user->name;
        input.account = std::move(account);
    }
    std::optional<std::string> json = jmap_session_json(input);
    if (!json) return internal_error_problem();
    HttpResponse response = json_response(std::move(*json));
    response.set_header("cache-control", "no-cache, no-store, must-revalidate");
    return response;
}

HttpResponse oauth_metadata_response(const HttpRequest& request, const ConfigSnapshot& snapshot) {
    const std::optional<std::string> base = request_base_url(request, snapshot);
    if (!base) return internal_error_problem();
    const std::string& u = *base;
    // spec §11: members in this order, every URL a plain concatenation with U.
    nlohmann::ordered_json body;
    body["issuer"] = u;
    body["token_endpoint"] = u + "/auth/token";
    body["grant_types_supported"] = {"authorization_code", "implicit",
                                     "urn:ietf:params:oauth:grant-type:device_code"};
    body["device_authorization_endpoint"] = u + "/auth/device";
    body["response_types_supported"] = {"code", "code token"};
    body["scopes_supported"] = {"offline_access"};
    body["authorization_endpoint"] = u + "/authorize/code";
    return json_response(
        body.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
}

}  // namespace httpctl::server
