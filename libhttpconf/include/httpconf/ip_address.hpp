// IP addresses and networks as the forwarded-IP rules and the trusted-proxy list need them:
// strict parsing (inet_pton: dotted quads without leading zeros, RFC 4291 IPv6 text, no zone
// ids), canonical text (inet_ntop), and CIDR membership for IPv4 and IPv6.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace httpctl::conf {

struct IpAddress {
    enum class Family : std::uint8_t { V4, V6 };
    Family family = Family::V4;
    // Network byte order; an IPv4 address uses the first 4 bytes.
    std::array<std::uint8_t, 16> bytes{};

    [[nodiscard]] bool is_v4() const noexcept { return family == Family::V4; }
    [[nodiscard]] std::size_t size() const noexcept { return is_v4() ? 4 : 16; }
    // `::ffff:a.b.c.d` → `a.b.c.d` (spec http.md §7); any other address unchanged.
    [[nodiscard]] IpAddress unmapped() const noexcept;
    // inet_ntop text: `192.0.2.1`, `2001:db8::1` (lower case, `::` compression).
    [[nodiscard]] std::string to_string() const;
    friend bool operator==(const IpAddress&, const IpAddress&) = default;
};

// The whole text must be one address: no spaces, brackets, ports or zone ids.
[[nodiscard]] std::optional<IpAddress> parse_ip_address(std::string_view text) noexcept;

// `addr/prefix`; a bare address is a single-host network (/32 or /128).
struct Cidr {
    IpAddress network;  // host bits cleared
    unsigned prefix_length = 0;
    [[nodiscard]] bool contains(const IpAddress& address) const noexcept;
    [[nodiscard]] std::string to_string() const;  // `10.0.0.0/8`
};

// Errors name the offending text and say what is wrong with it.
[[nodiscard]] std::variant<Cidr, std::string> parse_cidr(std::string_view text);

// A list of networks. An IPv4-mapped IPv6 address is looked up as its IPv4 address, so
// `10.0.0.0/8` also covers `::ffff:10.1.2.3`.
class CidrSet {
  public:
    CidrSet() = default;
    explicit CidrSet(std::vector<Cidr> networks) : networks_(std::move(networks)) {}

    // Comma-separated networks (`10.0.0.0/8, 2001:db8::/32`); spaces around items are ignored,
    // empty items are errors. The error names the item and its 1-based position in the list.
    [[nodiscard]] static std::variant<CidrSet, std::string> parse(std::string_view list);

    [[nodiscard]] bool contains(const IpAddress& address) const noexcept;
    [[nodiscard]] bool contains(std::string_view address) const noexcept;
    [[nodiscard]] bool empty() const noexcept { return networks_.empty(); }
    [[nodiscard]] const std::vector<Cidr>& networks() const noexcept { return networks_; }

  private:
    std::vector<Cidr> networks_;
};

}  // namespace httpctl::conf
