// Preloaded into the served process by `npm run bench:profile` (--cpu-prof is refused in
// NODE_OPTIONS): SIGUSR2 starts the profiler, the next SIGUSR2 writes the profile to the directory.
const { Session } = require("node:inspector");
const { writeFileSync } = require("node:fs");
const path = require("node:path");

const dir = process.env.VEIL_PROFILE_DIR;
if (dir && process.argv[1]?.endsWith("server.js")) {
  writeFileSync(path.join(dir, "pid"), String(process.pid));
  const session = new Session();
  session.connect();
  let running = false;
  process.on("SIGUSR2", () => {
    if (!running) {
      running = true;
      session.post("Profiler.enable", () => session.post("Profiler.start"));
      return;
    }
    running = false;
    session.post("Profiler.stop", (err, { profile }) => {
      writeFileSync(path.join(dir, "server.cpuprofile"), JSON.stringify(profile));
    });
  });
}
