import { readFileSync } from "node:fs";

const TICK_MS = 5;
const CLOCK_TICKS_PER_S = 100; // Linux USER_HZ

/** CPU time (ms) the main JavaScript thread has used: its own line in /proc, not the process's. */
function mainThreadCpuMs(): number {
  const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_S;
}

/**
 * The longest time the event loop was held by synchronous work while `work` ran: between two
 * ticks of a 5 ms timer, the CPU the main thread itself spent. A wall-clock gap alone would also
 * count time the operating system gave the core to another process (a busy CI machine), which is
 * not a stall the code caused. Both are returned; tests judge `cpuMs`.
 */
export async function longestStall(work: () => Promise<unknown>) {
  let lastWall = performance.now();
  let lastCpu = mainThreadCpuMs();
  let cpuMs = 0;
  let wallMs = 0;
  const tick = setInterval(() => {
    const wall = performance.now();
    const cpu = mainThreadCpuMs();
    wallMs = Math.max(wallMs, wall - lastWall);
    cpuMs = Math.max(cpuMs, cpu - lastCpu);
    lastWall = wall;
    lastCpu = cpu;
  }, TICK_MS);
  try {
    await work();
  } finally {
    clearInterval(tick);
  }
  return { cpuMs, wallMs };
}
