import fs from "node:fs";

/**
 * The pid of the test server's child process whose command line carries `flag` (`--kefu-worker=`, `--kefu-embedder=`).
 * Matched by parent pid: test processes run on the same data folder and may start engines of their own.
 */
export function serverChildPid(flag: string): number {
  const serverPid = process.env.KEFU_TEST_SERVER_PID;
  if (!serverPid) throw new Error("KEFU_TEST_SERVER_PID is not set: run the tests with `npm test`");
  for (const pid of fs.readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    try {
      if (!fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(flag)) continue;
      const ppid = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ")[1];
      if (ppid === serverPid) return Number(pid);
    } catch {}
  }
  throw new Error(`the server's ${flag} process was not found`);
}
