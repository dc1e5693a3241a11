// Stand-in for the `server-only` guard outside Next's bundler (tests import server modules directly).
export {};
