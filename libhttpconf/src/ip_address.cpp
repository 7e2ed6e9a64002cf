#include "httpconf/ip_address.hpp"

#include <arpa/inet.h>

#include <charconv>
#include <cstring>

namespace httpctl::conf {

namespace {

constexpr std::array<std::uint8_t, 12> kMappedPrefix = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

std::string_view trim_spaces(std::string_view text) noexcept {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
        text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
        text.remove_suffix(1);
    return text;
}

}  // namespace

IpAddress IpAddress::unmapped() const noexcept {
    if (is_v4() || std::memcmp(bytes.data(), kMappedPrefix.data(), kMappedPrefix.size()) != 0) {
        return *this;
    }
    IpAddress v4;
    v4.family = Family::V4;
    std::memcpy(v4.bytes.data(), bytes.data() + 12, 4);
    return v4;
}

std::string IpAddress::to_string() const {
    char text[INET6_ADDRSTRLEN] = {};
    const int af = is_v4() ? AF_INET : AF_INET6;
    if (inet_ntop(af, bytes.data(), text, sizeof text) == nullptr) return {};
    return text;
}

std::optional<IpAddress> parse_ip_address(std::string_view text) noexcept {
    // Longest IPv6 text is 45 characters; anything longer cannot be an address.
    char buffer[INET6_ADDRSTRLEN + 1] = {};
    if (text.empty() || text.size() >= sizeof buffer) return std::nullopt;
    if (text.find('\0') != std::string_view::npos) return std::nullopt;
    std::memcpy(buffer, text.data(), text.size());
    IpAddress address;
    if (inet_pton(AF_INET, buffer, address.bytes.data()) == 1) {
        address.family = IpAddress::Family::V4;
        return address;
    }
    if (inet_pton(AF_INET6, buffer, address.bytes.data()) == 1) {
        address.family = IpAddress::Family::V6;
        return address;
    }
    return std::nullopt;
}

bool Cidr::contains(const IpAddress& address) const noexcept {
    if (address.family != network.family) return false;
    const unsigned full_bytes = prefix_length / 8;
    if (std::memcmp(address.bytes.data(), network.bytes.data(), full_bytes) != 0) return false;
    const unsigned rest_bits = prefix_length % 8;
    if (rest_bits == 0) return true;
    const auto mask = static_cast<std::uint8_t>(0xffu << (8 - rest_bits));
    return (address.bytes[full_bytes] & mask) == network.bytes[full_bytes];
}

std::string Cidr::to_string() const {
    return network.to_string() + "/" + std::to_string(prefix_length);
}

std::variant<Cidr, std::string> parse_cidr(std::string_view text) {
    const std::string quoted = "\"" + std::string(text) + "\"";
    if (text.empty()) return std::string("empty network: expected an address or address/prefix");
    const std::size_t slash = text.find('/');
    const std::string_view address_text = text.substr(0, slash);
    const std::optional<IpAddress> address = parse_ip_address(address_text);
    if (!address) {
        return "invalid network " + quoted + ": \"" + std::string(address_text) +
               "\" is not an IPv4 or IPv6 address";
    }
    const unsigned max_prefix = address->is_v4() ? 32 : 128;
    unsigned prefix = max_prefix;
    if (slash != std::string_view::npos) {
        const std::string_view prefix_text = text.substr(slash + 1);
        const char* first = prefix_text.data();
        const char* last = first + prefix_text.size();
        const auto [end, error] = std::from_chars(first, last, prefix);
        const bool digits_only =
            !prefix_text.empty() && prefix_text.size() <= 3 &&
            prefix_text.find_first_not_of("0123456789") == std::string_view::npos;
        if (!digits_only || error != std::errc() || end != last) {
            return "invalid network " + quoted + ": the prefix length after '/' must be a number";
        }
        if (prefix > max_prefix) {
            return "invalid network " + quoted + ": prefix length " + std::to_string(prefix) +
                   " is larger than " + std::to_string(max_prefix);
        }
    }
    Cidr cidr;
    cidr.network = *address;
    cidr.prefix_length = prefix;
    // Clear the host bits so `10.1.2.3/8` means the network `10.0.0.0/8`.
    for (unsigned bit = prefix; bit < max_prefix; ++bit) {
        cidr.network.bytes[bit / 8] &= static_cast<std::uint8_t>(~(0x80u >> (bit % 8)));
    }
    return cidr;
}

std::variant<CidrSet, std::string> CidrSet::parse(std::string_view list) {
    std::vector<Cidr> networks;
    std::size_t position = 1;
    while (true) {
        const std::size_t comma = list.find(',');
        const std::string_view item = trim_spaces(list.substr(0, comma));
        if (item.empty()) {
            return "network list item " + std::to_string(position) + " is empty";
        }
        std::variant<Cidr, std::string> parsed = parse_cidr(item);
        if (auto* error = std::get_if<std::string>(&parsed)) {
            return "network list item " + std::to_string(position) + ": " + *error;
        }
        networks.push_back(std::get<Cidr>(parsed));
        if (comma == std::string_view::npos) break;
        list.remove_prefix(comma + 1);
        ++position;
    }
    return CidrSet(std::move(networks));
}

bool CidrSet::contains(const IpAddress& address) const noexcept {
    const IpAddress plain = address.unmapped();
    for (const Cidr& network : networks_) {
        // A mapped network (`::ffff:10.0.0.0/104`) still matches the mapped form itself.
        if (network.contains(plain) || network.contains(address)) return true;
    }
    return false;
}

bool CidrSet::contains(std::string_view address) const noexcept {
    const std::optional<IpAddress> parsed = parse_ip_address(address);
    return parsed && contains(*parsed);
}

}  // namespace httpctl::conf
