// libhttpconf: filled by the config-loader work.
