// Preloaded into the served process by `npm run bench:profile` (--cpu-prof is refused in
// NODE_OPTIONS): SIGUSR2 starts the profiler, the next SIGUSR2 writes the profile to the directory.
const { Session } = require("node:inspector");
const { PerformanceObserver } = require("node:perf_hooks");
const { writeFileSync } = require("node:fs");
const path = require("node:path");

const dir = process.env.VEIL_PROFILE_DIR;
if (dir && process.argv[1]?.endsWith("server.js")) {
  writeFileSync(path.join(dir, "pid"), String(process.pid));
  const session = new Session();
  session.connect();
  let running = false;
  // Garbage-collection pauses while profiling: a tail-latency suspect the profile shows as a sum.
  let pauses = [];
  new PerformanceObserver((list) => {
    if (running)
      for (const e of list.getEntries()) pauses.push([e.detail?.kind ?? e.kind, e.duration]);
  }).observe({ entryTypes: ["gc"] });
  process.on("SIGUSR2", () => {
    if (!running) {
      running = true;
      pauses = [];
      session.post("Profiler.enable", () => session.post("Profiler.start"));
      return;
    }
    running = false;
    session.post("Profiler.stop", (err, { profile }) => {
      writeFileSync(path.join(dir, "gc.json"), JSON.stringify(pauses));
      writeFileSync(path.join(dir, "server.cpuprofile"), JSON.stringify(profile));
    });
  });
}
