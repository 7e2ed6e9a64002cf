#include "session_route.hpp"

#include <memory>
#include <nlohmann/json.hpp>
#include <utility>

#include "problem.hpp"
#include "request_eval.hpp"
#include "server/jmap_session.hpp"
#include "snapshot_caches.hpp"

namespace httpctl::server {

HttpResponse session_response(const HttpRequest& request, const ConfigSnapshot& snapshot,
                              const std::optional<AuthenticatedUser>& user) {
    const std::optional<std::string> base = request_base_url(request, snapshot);
    if (!base) return internal_error_problem();
    std::optional<SessionAccount> account;
    if (user) {
        account.emplace();
        account->account_id = user->account_id;
        account->login = user->login;
        account->name = user->name;
    }
    // The body depends only on the snapshot, the account and U: serialized once per snapshot.
    SessionBodyCache& cache = snapshot.caches.get().sessions;
    std::shared_ptr<const std::string> body = cache.find(*base, account);
    if (!body) {
        SessionInput input;
        input.base_url = *base;
        input.limits = snapshot.settings().limits;
        input.head_dialect = snapshot.head_dialect();
        input.account = account;
        std::optional<std::string> json = jmap_session_json(input);
        if (!json) return internal_error_problem();
        body = std::make_shared<const std::string>(std::move(*json));
        cache.store(*base, account, body);
    }
    HttpResponse response = json_response(*body);
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
