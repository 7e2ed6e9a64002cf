// The parts build_http_settings is made of, one file each: target version, listeners, headers
// and flags, identity (hostname, administrators, directories, look-up maps).
#pragma once

#include "httpconf/http_settings.hpp"
#include "settings_support.hpp"

namespace httpctl::conf {

// spec http.md §6.2: which release the key names point at.
[[nodiscard]] TargetVersion infer_target(const FlatConfig& config);
// Mixed generations, and keys of the generation the target does not read.
void report_generation_keys(DiagnosticSink& sink, const TargetVersion& target);

// spec http.md §7.
void read_listeners(DiagnosticSink& sink, HttpSettings& out);
// spec http.md §6.1/§6.2: url, allowed-endpoint, headers, the three flags, JMAP limits.
void read_url_settings(DiagnosticSink& sink, HttpSettings& out);
void read_headers(DiagnosticSink& sink, HttpSettings& out);
void read_flags(DiagnosticSink& sink, HttpSettings& out);
void read_limits(DiagnosticSink& sink, HttpSettings& out);
// spec http.md §8, §9, §5.4 (lookup.<store>.<key>) and in-memory directories.
void read_lookup_stores(const FlatConfig& config, HttpSettings& out);
void read_hostname(const FlatConfig& config, const std::string& machine_hostname,
                   HttpSettings& out);
void read_fallback_admin(DiagnosticSink& sink, HttpSettings& out);
void read_master_user(DiagnosticSink& sink, HttpSettings& out);
void read_memory_directories(const FlatConfig& config, HttpSettings& out);

}  // namespace httpctl::conf
