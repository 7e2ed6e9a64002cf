// A Stalwart 0.12 config shared by the config-aware `eval` and `repl` tests: two HTTP listeners,
// a url if-block that reads headers, url_path captures, key_get and config_get, and an extra
// expression setting.
#pragma once

inline constexpr const char* kTenantConfig = R"toml(
[server]
hostname = "mx.example.org"

[server.listener.https]
protocol = "http"
bind = ["[::]:443"]
tls.implicit = true

[server.listener.plain]
protocol = "http"
bind = ["127.0.0.1:8080"]

[http]
url = [ { if = "is_tls && contains(headers, 'X-Tenant: blue')", then = "'https://blue.' + key_get('default', 'domain')" },
        { if = "matches('^/t/(\\w+)/', url_path)", then = "'https://' + $1 + '.' + key_get('default', 'domain')" },
        { else = "protocol + '://' + config_get('server.hostname') + ':' + local_port" } ]

[lookup.default]
domain = "example.org"

[tenant]
greeting = "'hello ' + remote_ip"
broken = [ { else = "1" }, { if = "2", then = "3" } ]
)toml";
