#include "endpoint_gate.hpp"

#include <array>
#include <string>

#include "expr/evaluator.hpp"
#include "httpconf/ip_address.hpp"
#include "request_eval.hpp"

namespace httpctl::server {

bool is_loopback_ip(std::string_view ip) {
    const std::optional<conf::IpAddress> parsed = conf::parse_ip_address(ip);
    if (!parsed) return false;
    const conf::IpAddress address = parsed->unmapped();
    if (address.is_v4()) return address.bytes[0] == 127;
    static constexpr std::array<std::uint8_t, 16> kLoopback6 = {0, 0, 0, 0, 0, 0, 0, 0,
                                                                0, 0, 0, 0, 0, 0, 0, 1};
    return address.bytes == kLoopback6;
}

std::optional<int> endpoint_gate_status(const HttpRequest& request,
                                        const ConfigSnapshot& snapshot) {
    const auto& gate = snapshot.settings().allowed_endpoint;
    if (!gate || gate->empty()) return std::nullopt;
    const std::string& client = request.client_ip.empty() ? request.peer_ip : request.client_ip;
    if (is_loopback_ip(client)) return std::nullopt;  // spec §6.2: loopback is always let through
    const conf::Listener* listener = request_listener(request, snapshot);
    if (listener == nullptr) return std::nullopt;

    expr::EvalContext ctx;
    fill_request_context(ctx, request, snapshot, *listener);
    expr::Evaluator evaluator(ctx);
    expr::Value result;
    if (!gate->evaluate(evaluator, result)) return std::nullopt;
    const std::optional<std::int64_t> status = expr::to_integer(result);
    // spec §6.2: anything but a valid status code counts as 200.
    if (!status || *status < 100 || *status > 999 || *status == 200) return std::nullopt;
    return static_cast<int>(*status);
}

}  // namespace httpctl::server
