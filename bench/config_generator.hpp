// The generated Stalwart-style configuration files the benchmarks read.
#pragma once

#include <cstddef>
#include <string>

namespace httpctl::bench {

// Standard TOML that Stalwart also reads the same way, in the shapes real configs use: listeners,
// queues with duration lists, if-blocks as arrays of inline tables, lookup lists, comments.
inline std::string generate_config(std::size_t target_keys) {
    std::string out = "# Generated Stalwart-style configuration\n\n";
    std::size_t keys = 0;
    for (std::size_t i = 0; keys < target_keys; ++i) {
        const std::string n = std::to_string(i);
        switch (i % 4) {
            case 0:
                out += "[server.listener.\"listener-" + n + "\"]\n";
                out += "bind = [\"[::]:" + n + "\", \"0.0.0.0:" + n + "\"]\n";
                out += "protocol = \"smtp\"\n";
                out += "tls.implicit = true\n";
                out += "socket.backlog = 1024\n";
                out += "max-connections = 8192 # per listener\n\n";
                keys += 6;
                break;
            case 1:
                out += "[queue.schedule.\"q-" + n + "\"]\n";
                out += "retry = [\"2m\", \"5m\", \"10m\", \"15m\", \"30m\", \"1h\", \"2h\"]\n";
                out += "notify = [\"1d\", \"3d\"]\n";
                out += "expire = \"5d\"\n";
                out += "description = \"Queue " + n +
                       " with \\\"quotes\\\" and a \\\\ backslash\"\n\n";
                keys += 11;
                break;
            case 2:
                out += "[session.rcpt.\"rule-" + n + "\"]\n";
                out +=
                    "relay = [ { if = \"!is_empty(authenticated_as)\", then = true },\n"
                    "          { else = false } ]\n";
                out += "script = '''\nrequire [\"variables\", \"include\"];\nset \"n\" \"" + n +
                       "\";\n'''\n";
                out += "max-recipients = 100\n\n";
                keys += 5;
                break;
            default:
                out += "[lookup.\"list-" + n + "\"]\n";
                out +=
                    "domains = [\"example.org\", \"example.com\", \"example.net\", "
                    "\"mail.example.org\"]\n";
                out += "enable = false\n";
                out += "ratio = 0.75\n\n";
                keys += 6;
                break;
        }
    }
    return out;
}

}  // namespace httpctl::bench
