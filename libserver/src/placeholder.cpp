// libserver: filled by the serve work.
